package org.citysense.agent.buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Priority items (alarms, status changes, edge events) the disk would not take, kept in memory so
 * that they still reach the cloud, ahead of everything on disk. Bounded: beyond {@link #capacity}
 * an item is refused and the caller counts it as lost. Guarded by the buffer's lock.
 */
final class HeldItems {
  private final int capacity;
  private final Deque<Item> items = new ArrayDeque<>();

  HeldItems(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps {@code item}; false when already full. */
  boolean hold(Item item) {
    if (items.size() >= capacity) {
      return false;
    }
    items.add(item);
    return true;
  }

  /** Up to {@code max} of the oldest held items, left in place until {@link #release(int)}. */
  List<Item> first(int max) {
    List<Item> out = new ArrayList<>(Math.min(max, items.size()));
    for (Item item : items) {
      if (out.size() == max) {
        break;
      }
      out.add(item);
    }
    return out;
  }

  /** The cloud has the {@code n} oldest: they leave. */
  void release(int n) {
    for (int i = 0; i < n && !items.isEmpty(); i++) {
      items.removeFirst();
    }
  }

  int size() {
    return items.size();
  }

  /** Where a batch's held items end: the first {@code count} of them. */
  record Mark(int count) {}
}
