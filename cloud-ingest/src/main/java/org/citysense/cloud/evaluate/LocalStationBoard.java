package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link StationBoard} in memory, shared by the partitions one node judges (thread-safe). A
 * reading put twice (a partition judged again after it moved, a node's own reading coming back from
 * the other nodes' feed) is kept once. Each station keeps the readings of the last {@code keep}
 * before its newest.
 */
public final class LocalStationBoard implements StationBoard {
  private final long keep;
  private final Map<String, Map<String, StationSeries>> byRule = new HashMap<>();

  public LocalStationBoard(Duration keep) {
    this.keep = keep.toNanos();
  }

  @Override
  public synchronized void put(String ruleId, String stationId, long time, double value) {
    StationSeries s =
        byRule
            .computeIfAbsent(ruleId, r -> new HashMap<>())
            .computeIfAbsent(stationId, id -> new StationSeries());
    s.addIfAbsent(time, value);
    s.dropBefore(s.newest() - keep);
  }

  @Override
  public synchronized double mean(String ruleId, String stationId, long from, long to) {
    Map<String, StationSeries> stations = byRule.get(ruleId);
    StationSeries s = stations == null ? null : stations.get(stationId);
    return s == null ? Double.NaN : s.mean(from, to);
  }

  /** Stations with readings held, for every rule. */
  public synchronized int stations() {
    return byRule.values().stream().mapToInt(Map::size).sum();
  }
}
