package org.citysense.sim.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.Frames;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.Fault;
import org.citysense.sim.scenario.FaultType;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private final DeviceProfile sds011 = ProfileCatalog.bundled().find("pm25-sds011").orElseThrow();
  private final FrameBuilder builder = new FrameBuilder(sds011);

  @Test
  void sendsTheValuesInAFrameTheDecoderReadsBack() {
    byte[] frame = builder.next(snapshot(35.2, 80.7)).orElseThrow();

    assertThat(Frames.problem(sds011.frame(), frame)).isEmpty();
    assertThat(decode("pm2_5", frame).value()).isEqualTo(Value.of(35.2));
    assertThat(decode("pm10", frame).value()).isEqualTo(Value.of(80.7));
  }

  @Test
  void sendsNothingWhenTheDeviceDoesNotRespond() {
    assertThat(builder.next(snapshot(35.2, 80.7, fault(FaultType.NO_RESPONSE, null)))).isEmpty();
  }

  @Test
  void sendsAllOnesFieldsWithAGoodChecksumForGarbage() {
    byte[] frame = builder.next(snapshot(35.2, 80.7, fault(FaultType.GARBAGE, null))).orElseThrow();

    assertThat(HEX.formatHex(frame, 2, 6)).isEqualTo("FFFFFFFF");
    assertThat(Frames.problem(sds011.frame(), frame)).isEmpty();
    assertThat(decode("pm2_5", frame).quality()).isEqualTo(Quality.OUT_OF_RANGE);
  }

  @Test
  void sendsGarbageOnlyInTheFaultyPointsField() {
    byte[] frame =
        builder.next(snapshot(35.2, 80.7, fault(FaultType.GARBAGE, "pm10"))).orElseThrow();

    assertThat(decode("pm2_5", frame).value()).isEqualTo(Value.of(35.2));
    assertThat(HEX.formatHex(frame, 4, 6)).isEqualTo("FFFF");
  }

  @Test
  void saturatesAValueItsFieldCannotHold() {
    // 7000 µg/m³ is raw 70000, more than a uint16 holds
    byte[] frame = builder.next(snapshot(7000, 80.7)).orElseThrow();

    assertThat(HEX.formatHex(frame, 2, 4)).isEqualTo("FFFF");
    assertThat(decode("pm10", frame).value()).isEqualTo(Value.of(80.7));
    assertThat(Frames.problem(sds011.frame(), frame)).isEmpty();
  }

  private Reading decode(String point, byte[] frame) {
    return Decoder.decode(
            "pm-1", sds011.point(point).orElseThrow(), new RawValue.Frame(frame), Instant.EPOCH)
        .reading();
  }

  private static Snapshot snapshot(double pm25, double pm10, Fault... faults) {
    return new Snapshot(
        Instant.EPOCH,
        Map.of("pm2_5", Value.of(pm25), "pm10", Value.of(pm10)),
        "test",
        List.of(faults));
  }

  private static Fault fault(FaultType type, String point) {
    return new Fault(type, Duration.ZERO, null, point, 0, Duration.ZERO);
  }
}
