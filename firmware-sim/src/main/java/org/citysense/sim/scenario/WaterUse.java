package org.citysense.sim.scenario;

/**
 * A household's water use over the day: most in the morning and the evening, next to nothing at
 * night. The weights over 24 hours add up to one day's use.
 */
final class WaterUse {
  static final double DEFAULT_PER_DAY = 0.25;
  private static final double[] WEIGHT_PER_MINUTE = weights();

  private WaterUse() {}

  /** Flow in m³/h at local {@code hour} for {@code perDay} m³ a day plus a constant leak. */
  static double rate(double hour, double perDay, double constant) {
    int minute = (int) Math.floor(hour * 60) % 1440;
    return perDay * WEIGHT_PER_MINUTE[minute] * 60 + constant;
  }

  private static double[] weights() {
    double[] w = new double[1440];
    double sum = 0;
    for (int m = 0; m < 1440; m++) {
      double h = m / 60.0;
      double night = h < 5.5 ? 0.02 : 1;
      w[m] = night * (0.15 + peak(h, 7.5, 1.2) + 0.8 * peak(h, 12, 1.0) + 1.2 * peak(h, 19.5, 1.5));
      sum += w[m];
    }
    for (int m = 0; m < 1440; m++) {
      w[m] /= sum; // share of the day's use in this minute
    }
    return w;
  }

  private static double peak(double h, double at, double width) {
    double d = (h - at) / width;
    return Math.exp(-d * d / 2);
  }
}
