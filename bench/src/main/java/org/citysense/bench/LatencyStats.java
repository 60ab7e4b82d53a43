package org.citysense.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a set of latencies in milliseconds (nearest-rank percentiles). */
record LatencyStats(int n, double p50, double p90, double p99, double max, double min) {
  static LatencyStats of(List<Double> millis) {
    if (millis.isEmpty()) {
      return new LatencyStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double[] s = millis.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(s);
    return new LatencyStats(
        s.length, rank(s, 0.50), rank(s, 0.90), rank(s, 0.99), s[s.length - 1], s[0]);
  }

  /** The smallest value with at least {@code p} of the values at or below it. */
  private static double rank(double[] sorted, double p) {
    int k = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, k - 1)];
  }

  String describe(String prefix) {
    return String.format(
        "%sn=%d %sp50_ms=%.0f %sp90_ms=%.0f %sp99_ms=%.0f %smax_ms=%.0f %smin_ms=%.0f",
        prefix, n, prefix, p50, prefix, p90, prefix, p99, prefix, max, prefix, min);
  }
}
