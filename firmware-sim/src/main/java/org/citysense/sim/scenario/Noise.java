package org.citysense.sim.scenario;

import java.util.SplittableRandom;

/**
 * Deterministic noise: the same seed, key and time bucket always give the same number, whatever the
 * order or rate at which values are asked for. That keeps a seeded run reproducible.
 */
final class Noise {
  private Noise() {}

  /** A standard normal sample for ({@code seed}, {@code key}, {@code bucket}). */
  static double gaussian(long seed, String key, long bucket) {
    long mixed = seed * 0x9E3779B97F4A7C15L ^ key.hashCode() * 0xC2B2AE3D27D4EB4FL ^ bucket;
    return new SplittableRandom(mixed).nextGaussian();
  }

  /** A uniform number in [0, 1) for ({@code seed}, {@code key}), fixed for a device's life. */
  static double uniform(long seed, String key) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ key.hashCode()).nextDouble();
  }
}
