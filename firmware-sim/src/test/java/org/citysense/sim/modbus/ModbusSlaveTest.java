package org.citysense.sim.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Modbus application layer, PDU by PDU, with the bytes written out by hand. */
class ModbusSlaveTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private final ModbusSlave bus = new ModbusSlave(false);
  private SimDevice gas;

  @BeforeEach
  void setUp() {
    Transport rtu = new Transport.ModbusRtu("/dev/null", 7, SerialSettings.MODBUS_DEFAULT);
    gas = TestDevices.device("gas-7", "gas-lel-modbus", rtu);
    gas.set("gas", Value.of(25.0));
    bus.add(7, gas);
  }

  private String ask(String pdu) {
    Answer a = bus.handle(7, HEX.parseHex(pdu));
    return a.isSilent() ? "silent" : HEX.formatHex(a.pdu());
  }

  @Test
  void readsEveryTable() {
    assertThat(ask("0400000001")).isEqualTo("040200FA"); // input register 0: 250 tenths
    assertThat(ask("0200000001")).isEqualTo("020101"); // discrete input 0: relay on
    assertThat(ask("0100000001")).isEqualTo("010101"); // coil 0: valve open
  }

  @Test
  void writesCoilsSingleAndMultiple() {
    assertThat(ask("0500000000")).isEqualTo("0500000000");
    assertThat(gas.snapshot().values().get("valve")).isEqualTo(Value.of(false));
    assertThat(ask("0F000000010101")).isEqualTo("0F00000001");
    assertThat(gas.snapshot().values().get("valve")).isEqualTo(Value.of(true));
    assertThat(gas.writes()).containsExactly("valve=false", "valve=true");
  }

  @Test
  void answersWithTheRightExceptions() {
    assertThat(ask("0300000001")).isEqualTo("8302"); // no holding registers: illegal address
    assertThat(ask("0400050001")).isEqualTo("8402"); // past the last input register
    assertThat(ask("0400000000")).isEqualTo("8403"); // zero registers: illegal value
    assertThat(ask("0500001234")).isEqualTo("8503"); // a coil is FF00 or 0000
    assertThat(ask("0600000001")).isEqualTo("8602"); // nothing writable there
    assertThat(ask("2B0E0100")).isEqualTo("AB01"); // device identification: not supported
  }

  @Test
  void unknownUnitsAreSilentOnABusAndRefusedByAGateway() {
    assertThat(bus.handle(9, HEX.parseHex("0400000001")).isSilent()).isTrue();
    ModbusSlave gateway = new ModbusSlave(true);
    gateway.add(7, gas);
    assertThat(HEX.formatHex(gateway.handle(9, HEX.parseHex("0400000001")).pdu()))
        .isEqualTo("840B");
  }

  @Test
  void faultsShapeTheAnswer() {
    gas.inject(FaultType.SLOW, null, null, 0, Duration.ofSeconds(2));
    Answer slow = bus.handle(7, HEX.parseHex("0400000001"));
    assertThat(slow.delay()).isEqualTo(Duration.ofSeconds(2));
    gas.clearFaults();
    gas.inject(FaultType.GARBAGE, null, null, 0, Duration.ZERO);
    assertThat(ask("0400000001")).isEqualTo("0402FFFF");
    gas.clearFaults();
    gas.inject(FaultType.CORRUPT_CRC, null, null, 0, Duration.ZERO);
    assertThat(bus.handle(7, HEX.parseHex("0400000001")).corruptCrc()).isTrue();
    gas.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    assertThat(ask("0400000001")).isEqualTo("silent");
  }

  @Test
  void aStuckDeviceKeepsServingTheOldValue() {
    gas.inject(FaultType.STUCK, null, null, 0, Duration.ZERO);
    gas.set("gas", Value.of(40.0));
    assertThat(ask("0400000001")).isEqualTo("040200FA");
  }
}
