package org.citysense.agent.uplink;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.agent.buffer.Item;

/**
 * How the forwarder finds the item in a batch that the cloud refused as a whole. When the cloud
 * names the field ({@code readings[3].unit}) the next batch ends just before that item, and the one
 * after starts with it and holds it alone; otherwise the batch is halved until the item is alone.
 * Each step sends what is known to be good, so alarms at the head of the batch go at the first
 * step. The full batch size comes back once the item is set aside, or once a full batch's worth of
 * items has passed since the refusal. Used by the forwarder's one thread.
 */
final class Narrowing {
  private static final Pattern FIELD =
      Pattern.compile("(readings|statusChanges|edgeEvents)\\[(\\d+)]");

  private int fullSize;
  private boolean active;
  private int passed;

  boolean active() {
    return active;
  }

  /**
   * The batch size to try next, after the cloud refused {@code items} (of more than one) blaming
   * {@code field}; {@code current} is the batch size in use.
   */
  int refused(List<Item> items, String field, int current) {
    if (!active) {
      active = true;
      fullSize = current;
      passed = 0;
    }
    int culprit = culprit(items, field);
    if (culprit > 0) {
      return culprit;
    }
    return culprit == 0 ? 1 : Math.max(1, items.size() / 2);
  }

  /** A batch of {@code n} items passed; returns the batch size to use from now on. */
  int passed(int n, int current) {
    if (!active) {
      return current;
    }
    passed += n;
    if (passed >= fullSize) {
      active = false;
      return fullSize;
    }
    return current;
  }

  /** The refused item is set aside: the batch size it interrupted. */
  int setAside(int current) {
    if (!active) {
      return current;
    }
    active = false;
    return fullSize;
  }

  /**
   * The position in {@code items} of the item {@code field} names, or -1. The batch lists readings,
   * status changes and edge events apart, each in the order of the items.
   */
  static int culprit(List<Item> items, String field) {
    if (field == null) {
      return -1;
    }
    Matcher m = FIELD.matcher(field);
    if (!m.lookingAt()) {
      return -1;
    }
    int wanted = Integer.parseInt(m.group(2));
    Class<? extends Item> kind =
        switch (m.group(1)) {
          case "readings" -> Item.Reading.class;
          case "statusChanges" -> Item.Status.class;
          default -> Item.Edge.class;
        };
    int seen = 0;
    for (int i = 0; i < items.size(); i++) {
      if (kind.isInstance(items.get(i)) && seen++ == wanted) {
        return i;
      }
    }
    return -1;
  }
}
