package org.citysense.agent.uplink;

import java.util.ArrayList;
import java.util.List;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.buffer.Lane;
import org.citysense.agent.buffer.Outbox;
import org.citysense.agent.buffer.Pending;
import org.citysense.profiles.wire.Counters;

/** An in-memory outbox: two lanes, priority first, items leave only when acknowledged. */
final class FakeOutbox implements Outbox {
  private final List<Item> priority = new ArrayList<>();
  private final List<Item> normal = new ArrayList<>();
  private final List<Pending> acknowledged = new ArrayList<>();
  private long rejected;
  private long quarantined;
  private int nextCalls;

  synchronized void append(Item... items) {
    for (Item item : items) {
      (item.lane() == Lane.PRIORITY ? priority : normal).add(item);
    }
  }

  @Override
  public synchronized Pending next(int max) {
    nextCalls++;
    List<Item> items = new ArrayList<>();
    priority.stream().limit(max).forEach(items::add);
    normal.stream().limit(max - items.size()).forEach(items::add);
    return new Pending(items, List.of(items.size()));
  }

  @Override
  public synchronized void acknowledge(Pending pending) {
    acknowledged.add(pending);
    priority.removeAll(pending.items());
    normal.removeAll(pending.items());
  }

  @Override
  public synchronized void countRejected(long n) {
    rejected += n;
  }

  @Override
  public synchronized void countQuarantined(long n) {
    quarantined += n;
  }

  @Override
  public synchronized Counters counters() {
    return new Counters(0, rejected, quarantined);
  }

  synchronized List<Pending> acknowledged() {
    return List.copyOf(acknowledged);
  }

  synchronized long rejected() {
    return rejected;
  }

  synchronized int nextCalls() {
    return nextCalls;
  }

  synchronized int waiting() {
    return priority.size() + normal.size();
  }
}
