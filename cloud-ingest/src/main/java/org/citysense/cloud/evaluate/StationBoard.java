package org.citysense.cloud.evaluate;

/**
 * Recent good readings of every station, for the neighbour rules where a station and its neighbours
 * may be judged on different partitions of the log (on different nodes of a cluster). The neighbour
 * rule of each partition puts its stations' readings here and asks it for its neighbours' means.
 * Without a board (one process, one partition) the rule keeps every station's series itself.
 */
public interface StationBoard {
  /** A good reading of the rule's quantity at the station, at epoch nanoseconds {@code time}. */
  void put(String ruleId, String stationId, long time, double value);

  /** The mean of the station's readings in (from, to] for the rule, or NaN when there are none. */
  double mean(String ruleId, String stationId, long fromExclusive, long toInclusive);
}
