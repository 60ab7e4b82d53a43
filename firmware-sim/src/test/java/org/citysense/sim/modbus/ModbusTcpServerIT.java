package org.citysense.sim.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.citysense.modbus.ExceptionCode;
import org.citysense.modbus.FunctionCode;
import org.citysense.modbus.Mbap;
import org.citysense.modbus.Pdu;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.Command;
import org.citysense.sim.testing.TestDevices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's Modbus TCP server read by mbpoll (Debian's libmodbus-based master): the values a
 * scenario sets are the values a third-party reader gets.
 */
class ModbusTcpServerIT {
  private final ModbusSlave slave = new ModbusSlave(true);
  private ModbusTcpServer server;
  private SimDevice pm;
  private SimDevice gas;
  private SimDevice meter;
  private SimDevice level;

  @BeforeEach
  void start() throws Exception {
    pm = TestDevices.device("pm-1", "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", 0, 1));
    gas = TestDevices.device("gas-1", "gas-lel-modbus", new Transport.ModbusTcp("127.0.0.1", 0, 2));
    meter =
        TestDevices.device(
            "wm-1", "water-meter-modbus", new Transport.ModbusTcp("127.0.0.1", 0, 3));
    level =
        TestDevices.device("lv-1", "water-level-radar", new Transport.ModbusTcp("127.0.0.1", 0, 4));
    slave.add(1, pm);
    slave.add(2, gas);
    slave.add(3, meter);
    slave.add(4, level);
    server = new ModbusTcpServer("127.0.0.1", 0, slave);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void mbpollReadsTheRegistersTheScenarioSet() throws Exception {
    pm.set("humidity", Value.of(51.5));
    pm.set("temperature", Value.of(-10.0));
    pm.set("pm2_5", Value.of(35.0));
    pm.set("pm10", Value.of(75.0));
    // holding registers 0..9 in one read: 515 tenths, -100 tenths (mbpoll shows the int16 as
    // "65436 (-100)"), gaps read 0, 35 at 4, 75 at 9
    String out = mbpoll("-a", "1", "-t", "4", "-r", "0", "-c", "10");
    assertThat(values(out))
        .containsExactly("515", "65436 (-100)", "0", "0", "35", "0", "0", "0", "0", "75");
  }

  @Test
  void mbpollReadsWordOrderedAndFloatValues() throws Exception {
    meter.set("volume", Value.of(123.456));
    meter.set("flow", Value.of(0.0125));
    level.set("level", Value.of(3.25));
    // uint32 123456 litres, low word first (CDAB), which is mbpoll's default word order
    assertThat(values(mbpoll("-a", "3", "-t", "4:int", "-r", "0", "-c", "1")))
        .containsExactly("123456");
    // float32 12.5 L/h, low word first
    assertThat(values(mbpoll("-a", "3", "-t", "4:float", "-r", "2", "-c", "1")))
        .containsExactly("12.5");
    // float32 3.25 m, big-endian word order (-B), input registers
    assertThat(values(mbpoll("-a", "4", "-t", "3:float", "-B", "-r", "0", "-c", "1")))
        .containsExactly("3.25");
  }

  @Test
  void mbpollReadsBitsAndItsWriteReachesTheDevice() throws Exception {
    gas.set("gas", Value.of(25.0));
    assertThat(values(mbpoll("-a", "2", "-t", "3", "-r", "0", "-c", "1"))).containsExactly("250");
    // the relay follows the gas reading over the 20 %LEL limit
    assertThat(values(mbpoll("-a", "2", "-t", "1", "-r", "0", "-c", "1"))).containsExactly("1");
    assertThat(values(mbpoll("-a", "2", "-t", "0", "-r", "0", "-c", "1"))).containsExactly("1");
    // close the valve: write coil 0 = 0
    mbpollWrite(List.of("-a", "2", "-t", "0", "-r", "0"), "0");
    assertThat(gas.writes()).containsExactly("valve=false");
    assertThat(gas.snapshot().values().get("valve")).isEqualTo(Value.of(false));
    assertThat(values(mbpoll("-a", "2", "-t", "0", "-r", "0", "-c", "1"))).containsExactly("0");
  }

  @Test
  void exceptionsAreRealModbusExceptions() throws Exception {
    // an address the device does not have
    assertThat(mbpollRaw("-a", "1", "-t", "4", "-r", "100", "-c", "1"))
        .contains("Illegal data address");
    // an injected fault: slave device busy
    pm.inject(FaultType.EXCEPTION, null, null, ExceptionCode.SERVER_DEVICE_BUSY, Duration.ZERO);
    assertThat(mbpollRaw("-a", "1", "-t", "4", "-r", "4", "-c", "1")).containsIgnoringCase("busy");
    // a unit nobody has behind this port
    assertThat(mbpollRaw("-a", "9", "-t", "4", "-r", "0", "-c", "1"))
        .containsIgnoringCase("target device failed to respond");
  }

  @Test
  void aSilentDeviceTimesOutWhileItsNeighbourAnswers() throws Exception {
    pm.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    assertThat(mbpollRaw("-a", "1", "-t", "4", "-r", "4", "-c", "1", "-o", "0.3"))
        .containsIgnoringCase("timed out");
    gas.set("gas", Value.of(1.5));
    assertThat(values(mbpoll("-a", "2", "-t", "3", "-r", "0", "-c", "1"))).containsExactly("15");
  }

  @Test
  void requestsSentBeforeTheirAnswersAreEachAnsweredAndCounted() throws Exception {
    pm.set("pm2_5", Value.of(35.0));
    gas.set("gas", Value.of(1.5));
    pm.inject(FaultType.SLOW, null, null, 0, Duration.ofMillis(200));
    gas.inject(FaultType.SLOW, null, null, 0, Duration.ofMillis(200));
    byte[] pmAsk = Mbap.frame(7, 1, Pdu.readRequest(FunctionCode.READ_HOLDING_REGISTERS, 4, 1));
    byte[] gasAsk = Mbap.frame(8, 2, Pdu.readRequest(FunctionCode.READ_INPUT_REGISTERS, 0, 1));
    try (Socket socket = new Socket("127.0.0.1", server.boundPort())) {
      socket.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      out.write(pmAsk);
      assertThat(answer(in)).isEqualTo(new int[] {7, 1, 35});
      assertThat(server.mostOutstanding()).as("one at a time").isEqualTo(1);

      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(pmAsk);
      both.write(gasAsk);
      out.write(both.toByteArray()); // the second before the answer to the first
      List<int[]> answers = List.of(answer(in), answer(in));
      assertThat(answers)
          .usingElementComparator(java.util.Arrays::compare)
          .containsExactlyInAnyOrder(new int[] {7, 1, 35}, new int[] {8, 2, 15});
      assertThat(server.mostOutstanding()).as("two on one connection").isEqualTo(2);
    }
  }

  /** One answer to a one-register read: transaction id, unit id, the register. */
  private static int[] answer(DataInputStream in) throws IOException {
    int transaction = in.readUnsignedShort();
    in.readUnsignedShort(); // protocol
    int length = in.readUnsignedShort();
    int unit = in.readUnsignedByte();
    byte[] pdu = new byte[length - 1];
    in.readFully(pdu);
    assertThat(pdu).hasSize(4); // function, byte count, one register
    return new int[] {transaction, unit, Pdu.u16(pdu, 2)};
  }

  /** Reads with mbpoll; asserts it succeeded. */
  private String mbpoll(String... args) throws Exception {
    Command.Result r = Command.run(command(List.of(args), List.of()), Duration.ofSeconds(20));
    assertThat(r.exitCode()).as(r.output()).isZero();
    return r.output();
  }

  /** Reads with mbpoll and returns whatever it printed, errors included. */
  private String mbpollRaw(String... args) throws Exception {
    return Command.run(command(List.of(args), List.of()), Duration.ofSeconds(20)).output();
  }

  /** Writes {@code values} with mbpoll; asserts it succeeded. */
  private void mbpollWrite(List<String> args, String... values) throws Exception {
    Command.Result r = Command.run(command(args, List.of(values)), Duration.ofSeconds(20));
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  /** mbpoll over TCP to this server, 0-based references, one poll; the host, then any values. */
  private List<String> command(List<String> args, List<String> values) {
    List<String> cmd =
        new ArrayList<>(List.of("mbpoll", "-m", "tcp", "-p", "" + server.boundPort(), "-0", "-1"));
    cmd.addAll(args);
    cmd.add("127.0.0.1");
    cmd.addAll(values);
    return cmd;
  }

  /** The values of mbpoll's "[ref]: value" lines, in order. */
  private static List<String> values(String output) {
    return output
        .lines()
        .filter(l -> l.matches("^\\[\\d+\\]:.*"))
        .map(l -> l.replaceFirst("^\\[\\d+\\]:\\s*", "").strip())
        .toList();
  }
}
