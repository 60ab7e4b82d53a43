package org.citysense.cloud.evaluate;

/**
 * One station's good readings of one quantity, kept sorted by time in two primitive arrays so that
 * a window's mean costs a binary search plus the points inside it. Readings of several devices of
 * the station pool here. Appending in time order is O(1); a late reading is inserted in place.
 * Times are epoch nanoseconds. Not thread-safe.
 */
final class StationSeries {
  private long[] times = new long[16];
  private double[] values = new double[16];
  private int head;
  private int size;
  private long newest = Long.MIN_VALUE;

  /** Adds a reading at its place in time; readings at the same time are all kept. */
  void add(long time, double value) {
    if (head + size == times.length) {
      makeRoom();
    }
    int end = head + size;
    int at = size == 0 || time >= times[end - 1] ? end : upperBound(time);
    if (at < end) {
      System.arraycopy(times, at, times, at + 1, end - at);
      System.arraycopy(values, at, values, at + 1, end - at);
    }
    times[at] = time;
    values[at] = value;
    size++;
    newest = Math.max(newest, time);
  }

  /**
   * Adds a reading unless one of the same time and value is held already: for readings that may
   * arrive twice (a partition judged again after it moved, another node's copy of one's own).
   */
  void addIfAbsent(long time, double value) {
    for (int i = upperBound(time) - 1; i >= head && times[i] == time; i--) {
      if (values[i] == value) {
        return;
      }
    }
    add(time, value);
  }

  /**
   * A series holding {@code times} and {@code values} (sorted by time), as a checkpoint kept it.
   */
  static StationSeries of(long[] times, double[] values, long newest) {
    if (times.length != values.length) {
      throw new IllegalArgumentException(
          times.length + " times but " + values.length + " values in a station's series");
    }
    StationSeries series = new StationSeries();
    for (int i = 0; i < times.length; i++) {
      series.add(times[i], values[i]);
    }
    series.newest = Math.max(series.newest, newest);
    return series;
  }

  /** The reading times held, oldest first (a copy). */
  long[] times() {
    return java.util.Arrays.copyOfRange(times, head, head + size);
  }

  /** The values held, in the order of {@link #times()} (a copy). */
  double[] values() {
    return java.util.Arrays.copyOfRange(values, head, head + size);
  }

  /** The newest reading time ever added (kept across {@link #dropBefore}). */
  long newest() {
    return newest;
  }

  /** Forgets readings older than {@code cutoff}. */
  void dropBefore(long cutoff) {
    while (size > 0 && times[head] < cutoff) {
      head++;
      size--;
    }
    if (size == 0) {
      head = 0;
    }
  }

  /** The mean of the readings in (from, to], or NaN when there are none. */
  double mean(long fromExclusive, long toInclusive) {
    int lo = upperBound(fromExclusive);
    int hi = upperBound(toInclusive);
    if (hi <= lo) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = lo; i < hi; i++) {
      sum += values[i];
    }
    return sum / (hi - lo);
  }

  int size() {
    return size;
  }

  /** The first index in [head, head + size) whose time is after {@code time}. */
  private int upperBound(long time) {
    int lo = head;
    int hi = head + size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void makeRoom() {
    if (head > 0 && size <= times.length / 2) {
      System.arraycopy(times, head, times, 0, size);
      System.arraycopy(values, head, values, 0, size);
    } else {
      long[] t = new long[Math.max(16, size * 2)];
      double[] v = new double[t.length];
      System.arraycopy(times, head, t, 0, size);
      System.arraycopy(values, head, v, 0, size);
      times = t;
      values = v;
    }
    head = 0;
  }
}
