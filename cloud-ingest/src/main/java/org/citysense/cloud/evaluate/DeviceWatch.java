package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What is known of one device's life. */
final class DeviceWatch {
  final String id;
  DeviceContext context;

  /** The latest sign of life: a reading or an ONLINE report; null when never seen. */
  Instant lastSeen;

  /** The latest reading time, for the interval; an ONLINE report is no reading. */
  Instant lastReading;

  final long[] gaps = new long[OfflineEvaluator.GAPS];
  int gapCount;
  int nextGap;
  boolean raised;

  /** When the gateway reported it offline, while that report stands. */
  Instant offlineSince;

  DeviceWatch(String id) {
    this.id = id;
  }

  /**
   * Records a reading at {@code at}: a gap when it is later than the last reading (a late one from
   * a backlog is not), life in any case; whether it is newer than any sign of life before.
   */
  boolean reading(Instant at) {
    if (lastReading != null && at.isAfter(lastReading)) {
      gap(Duration.between(lastReading, at).toNanos());
    }
    if (lastReading == null || at.isAfter(lastReading)) {
      lastReading = at;
    }
    return alive(at);
  }

  /**
   * Records a gap between two readings, the oldest of {@value OfflineEvaluator#GAPS} giving way.
   */
  void gap(long nanos) {
    gaps[nextGap] = nanos;
    nextGap = (nextGap + 1) % OfflineEvaluator.GAPS;
    gapCount = Math.min(gapCount + 1, OfflineEvaluator.GAPS);
  }

  /** The recorded gaps, oldest first. */
  List<Long> gaps() {
    List<Long> list = new ArrayList<>(gapCount);
    int first = gapCount < OfflineEvaluator.GAPS ? 0 : nextGap;
    for (int i = 0; i < gapCount; i++) {
      list.add(gaps[(first + i) % OfflineEvaluator.GAPS]);
    }
    return list;
  }

  /** Records life at {@code at}; whether it is newer than any sign of life before. */
  boolean alive(Instant at) {
    if (lastSeen == null || at.isAfter(lastSeen)) {
      lastSeen = at;
      return true;
    }
    return false;
  }

  /** The smallest of the recent gaps, or null before the second distinct reading time. */
  Duration interval() {
    if (gapCount == 0) {
      return null;
    }
    long min = Long.MAX_VALUE;
    for (int i = 0; i < gapCount; i++) {
      min = Math.min(min, gaps[i]);
    }
    return Duration.ofNanos(min);
  }

  /** The estimate, raised to the declared interval when that is longer; null when neither. */
  Duration interval(Duration declared) {
    Duration estimated = interval();
    if (estimated == null || (declared != null && declared.compareTo(estimated) > 0)) {
      return declared;
    }
    return estimated;
  }

  Duration silenceLimit(Duration minSilence, Duration declared) {
    Duration interval = interval(declared);
    if (interval == null) {
      return minSilence;
    }
    Duration three = interval.multipliedBy(3);
    return three.compareTo(minSilence) > 0 ? three : minSilence;
  }
}
