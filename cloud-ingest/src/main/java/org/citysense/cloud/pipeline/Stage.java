package org.citysense.cloud.pipeline;

import java.time.Clock;
import java.util.function.LongConsumer;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.Seed;

/**
 * What the rules of one node share whichever partitions they judge: the thread's {@link Pacer} and
 * the {@link SignalWriter} that stores what they found. A partitioned log's loop makes a {@link
 * Judge} here for each partition it is given.
 */
public final class Stage {
  private final Pacer pacer;
  private final SignalWriter writer;
  private final RuleCheckpoints checkpoints;
  private final Clock clock;

  public Stage(
      RuleRuntime.SignalStore store,
      SetAsideLog setAside,
      RuleCheckpoints checkpoints,
      Clock clock,
      RuleRuntime.Config config) {
    this.pacer = new Pacer(config.retryBase(), config.retryMax());
    this.writer = new SignalWriter(store, setAside, pacer, clock, config.attemptsBeforeSetAside());
    this.checkpoints = checkpoints;
    this.clock = clock;
  }

  /**
   * A judge for one partition; {@code saved} hears each checkpoint saved; {@code claims}: other
   * nodes may judge the partition in turn ({@link Judge#Judge}).
   */
  public Judge judge(
      String consumer, RuleEngine engine, Seed seed, LongConsumer saved, boolean claims) {
    return new Judge(consumer, engine, writer, checkpoints, seed, clock, saved, claims);
  }

  public Pacer pacer() {
    return pacer;
  }

  /** Reads how many items were set aside before (at a start). */
  public void countSetAside() {
    writer.countSetAside();
  }

  public long setAsideCount() {
    return writer.setAsideCount();
  }
}
