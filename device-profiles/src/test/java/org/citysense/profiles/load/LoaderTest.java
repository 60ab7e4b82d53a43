package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.device.AlarmAction;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
  private final ProfileCatalog catalog = ProfileCatalog.bundled();

  @Test
  void datasheetAddressIsAcceptedWithAHint(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("my-gauge.yaml");
    Files.writeString(file, text("valid/my-gauge.yaml"));
    ProfileLoader.Loaded loaded = new ProfileLoader().load(file);
    Source.Modbus source = (Source.Modbus) loaded.profile().points().get(0).source();
    assertThat(source.table()).isEqualTo(ModbusTable.HOLDING_REGISTER);
    assertThat(source.address()).isEqualTo(2);
    assertThat(loaded.hints())
        .extracting(Problem::toString)
        .containsExactly(
            "my-gauge.yaml:8: points[0].address: 40003 is a datasheet-style number: read as"
                + " holding-register 2 (0-based); write table: holding-register and address: 2 to"
                + " say so");
  }

  @Test
  void hexAddressIsTakenLiterally() {
    String text =
        "model: X\nprotocol: modbus\npoints:\n"
            + "  - {name: gas, quantity: gas, table: holding-register, address: 0x9C41}\n";
    ProfileLoader.Loaded loaded = new ProfileLoader().parse("x.yaml", text);
    assertThat(((Source.Modbus) loaded.profile().points().get(0).source()).address())
        .isEqualTo(40001);
    assertThat(loaded.hints()).isEmpty();
  }

  @Test
  void profileDefaultsApply() {
    DeviceProfile gas = catalog.find("gas-lel-modbus").orElseThrow();
    Point level = gas.point("gas").orElseThrow();
    assertThat(level.isAlarmClass()).isTrue();
    assertThat(level.alarm().isTriggered(Value.of(20.0))).isTrue();
    assertThat(level.alarm().isTriggered(Value.of(19.9))).isFalse();
    // alarm-class points are polled every second unless the profile says otherwise
    assertThat(level.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(gas.point("valve").orElseThrow().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(gas.point("valve").orElseThrow().writable()).isTrue();
    // no serial section: the Modbus standard 8E1
    assertThat(gas.serial()).isEqualTo(SerialSettings.MODBUS_DEFAULT);
    assertThat(catalog.find("pm25-sds011").orElseThrow().serial())
        .isEqualTo(new SerialSettings(9600, 8, Parity.NONE, 1));
  }

  @Test
  void deviceFileReadsEveryTransportAndOverride() {
    List<DeviceInstance> devices =
        new DeviceReader(catalog).parse("devices.yaml", text("valid/devices.yaml"));
    assertThat(devices).hasSize(9);
    Map<String, DeviceInstance> byId =
        devices.stream().collect(java.util.stream.Collectors.toMap(DeviceInstance::id, d -> d));
    assertThat(byId.get("pm-st01").transport())
        .isEqualTo(
            new Transport.ModbusRtu(
                "/dev/ttyUSB0", 1, new SerialSettings(9600, 8, Parity.NONE, 1)));
    assertThat(byId.get("pm-st01").location().latitude()).isEqualTo(31.2304);
    assertThat(byId.get("pm-st01").intervals()).containsEntry("pm2_5", Duration.ofSeconds(30));
    // the gas profile has no serial section, so the instance's settings are over 8E1
    assertThat(byId.get("gas-101").transport())
        .isEqualTo(
            new Transport.ModbusRtu(
                "/dev/ttyUSB0", 7, new SerialSettings(19200, 8, Parity.NONE, 2)));
    assertThat(byId.get("gas-101").alarmLimits()).containsEntry("gas", new AlarmLimit(15.0, null));
    assertThat(byId.get("gas-101").onAlarm())
        .containsExactly(new AlarmAction(null, "valve", Value.of(false)));
    assertThat(byId.get("smoke-b1").onAlarm())
        .containsExactly(new AlarmAction("gas-101", "valve", Value.of(false)));
    assertThat(byId.get("pm-st01").onAlarm()).isEmpty();
    assertThat(byId.get("pm-st02").transport())
        .isEqualTo(new Transport.ModbusTcp("192.0.2.10", 502, 2));
    assertThat(((Transport.ModbusTcp) byId.get("pm-st02").transport()).inFlight()).isEqualTo(1);
    assertThat(byId.get("level-river-1").transport())
        .isEqualTo(new Transport.ModbusTcp("192.0.2.30", 502, 1, 4));
    assertThat(byId.get("smoke-b1").transport()).isEqualTo(new Transport.Mqtt(null));
    assertThat(byId.get("meter-101").transport()).isEqualTo(new Transport.Coap("192.0.2.20", 5683));
    assertThat(byId.get("pm-uart-01").transport())
        .isEqualTo(
            new Transport.SerialLine("/dev/ttyS1", new SerialSettings(9600, 8, Parity.NONE, 1)));
  }

  @Test
  void aFolderOfProfilesExtendsTheBundledOnes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("my-gauge.yaml"), text("valid/my-gauge.yaml"));
    ProfileCatalog withMine = ProfileCatalog.withFolder(dir);
    assertThat(withMine.ids()).contains("my-gauge", "pm25-rs485");
    assertThat(withMine.hints()).hasSize(1);
  }

  @Test
  void aMissingFileIsAClearProblem(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    InvalidFileException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidFileException.class, () -> new ProfileLoader().load(missing));
    assertThat(e.getMessage()).isEqualTo(missing + ":1: cannot read the file (no such file)");
  }

  static String text(String resource) {
    try (var in = LoaderTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
