package org.citysense.agent.driver;

import java.time.Duration;

/**
 * How hard a driver tries.
 *
 * @param timeout how long to wait for one answer
 * @param retries how many times to repeat a request that got no answer before giving up
 * @param retryBackoff wait before the first retry; doubles for each further one
 * @param maxGap unused Modbus addresses a block read may span to join two points
 */
public record DriverSettings(Duration timeout, int retries, Duration retryBackoff, int maxGap) {
  public static final DriverSettings DEFAULT =
      new DriverSettings(Duration.ofSeconds(1), 1, Duration.ofMillis(100), 8);
}
