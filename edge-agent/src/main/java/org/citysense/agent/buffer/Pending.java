package org.citysense.agent.buffer;

import java.util.List;

/**
 * Items taken from the buffer for one batch, still in it until {@link
 * DurableBuffer#acknowledge(Pending)}. Priority items come first.
 *
 * @param marks where the batch ends in each segment it read from, for the acknowledgement; opaque
 *     to callers
 */
public record Pending(List<Item> items, List<Object> marks) {
  public Pending {
    items = List.copyOf(items);
    marks = List.copyOf(marks);
  }

  public boolean isEmpty() {
    return items.isEmpty();
  }
}
