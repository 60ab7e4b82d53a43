package org.citysense.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.Test;

class ServedValuesTest {
  private final SimDevice meter =
      TestDevices.device(
          "meter-1", "water-meter-coap", new Transport.Coap("127.0.0.1", 5683), Clock.systemUTC());

  @Test
  void withoutFaultsTheSnapshotIsServed() {
    meter.set("volume", Value.of(123.456));

    var served = ServedValues.of(meter.profile().points(), meter.snapshot());

    assertThat(served).isEqualTo(meter.snapshot().values());
  }

  @Test
  void garbageIsOutsideEveryPointsRange() {
    meter.inject(FaultType.GARBAGE, null, null, 0, null);

    var served = ServedValues.of(meter.profile().points(), meter.snapshot());

    for (Point point : meter.profile().points()) {
      assertThat(point.range().contains(served.get(point.name()).asDouble()))
          .as(point.name())
          .isFalse();
    }
    // 99999 m³ is a valid meter total, so the total goes negative instead
    assertThat(served.get("volume")).isEqualTo(Value.of(-99999));
    assertThat(served.get("battery")).isEqualTo(Value.of(99999));
  }

  @Test
  void garbageForOnePointLeavesTheOthers() {
    meter.set("battery", Value.of(90));
    meter.inject(FaultType.GARBAGE, null, "flow", 0, null);

    var served = ServedValues.of(meter.profile().points(), meter.snapshot());

    assertThat(served.get("flow")).isEqualTo(Value.of(99999));
    assertThat(served.get("battery")).isEqualTo(Value.of(90));
  }
}
