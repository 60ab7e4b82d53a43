package org.citysense.agent.modbus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.citysense.agent.driver.PointResult;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;

/** Checks that what a driver read decodes, through the one pipeline, to what a device serves. */
public final class Served {
  private Served() {}

  /** The reading the pipeline makes of a result; it must have been read. */
  public static Reading decode(String deviceId, PointResult result) {
    assertThat(result.isOk()).as("%s: %s", result.point().name(), result.failure()).isTrue();
    return Decoder.decode(deviceId, result.point(), result.raw(), Instant.now()).reading();
  }

  /** Every point decodes, good, to the device's served value, to the point's resolution. */
  public static void assertReadAsServed(SimDevice device, List<PointResult> results) {
    assertThat(results).hasSize(device.profile().points().size());
    for (PointResult result : results) {
      Reading reading = decode(device.id(), result);
      Point point = result.point();
      Value served = device.snapshot().values().get(point.name());
      assertThat(reading.quality()).as(point.name()).isEqualTo(Quality.GOOD);
      if (point.quantity().isBoolean()) {
        assertThat(reading.value().asBoolean()).as(point.name()).isEqualTo(served.asBoolean());
      } else {
        assertThat(reading.value().asDouble())
            .as(point.name())
            .isCloseTo(served.asDouble(), within(resolution(point, served.asDouble())));
      }
    }
  }

  /**
   * How far a correct reading may be from the served value: half of one raw step for integers
   * (after scale and unit), float32 rounding for floats.
   */
  static double resolution(Point point, double served) {
    double unitStep = Math.abs(point.unit().toCanonical(1) - point.unit().toCanonical(0));
    Source.Modbus m = (Source.Modbus) point.source();
    if (m.type().isFloat()) {
      return Math.abs(served) * 1e-6 + 1e-12;
    }
    return Math.abs(point.transform().scale()) * unitStep / 2 + 1e-9;
  }
}
