package org.citysense.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {
  private final AgentConfigLoader loader = new AgentConfigLoader();
  private final Path base = Path.of("/etc/citysense-agent");

  @Test
  void aFullConfigReads() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "dataDir: /var/lib/citysense-agent\n"
            + "status: {port: 8781}\n"
            + "mqtt: {embedded: {port: 1884}}\n"
            + "polling: {timeout: 500ms, retries: 2, offlineAfter: 5}\n"
            + "devices:\n"
            + "  - {id: gas-101, profile: gas-lel-modbus, modbus-rtu: {port: /dev/ttyUSB0, unitId: 7}}\n"
            + "  - {id: smoke-b1, profile: smoke-nbiot-mqtt, mqtt: {}}\n";
    AgentConfig c = loader.parse("agent.yaml", text, base).config();
    assertThat(c.gatewayId()).isEqualTo("gw-0001");
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/citysense-agent"));
    assertThat(c.statusPort()).isEqualTo(8781);
    assertThat(c.mqtt().embedded()).isTrue();
    assertThat(c.mqtt().uri()).isEqualTo("tcp://127.0.0.1:1884");
    assertThat(c.polling().driver().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.polling().driver().retries()).isEqualTo(2);
    assertThat(c.polling().offlineAfter()).isEqualTo(5);
    assertThat(c.devices()).hasSize(2);
  }

  @Test
  void devicesOnOneLineMustShareItsSettings() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "devices:\n"
            + "  - {id: gas-1, profile: gas-lel-modbus, modbus-rtu: {port: /dev/ttyUSB0, unitId: 1}}\n"
            + "  - {id: gas-2, profile: gas-lel-modbus,\n"
            + "     modbus-rtu: {port: /dev/ttyUSB0, unitId: 2, baud: 19200}}\n";
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class, () -> loader.parse("agent.yaml", text, base));
    assertThat(e.getMessage())
        .isEqualTo(
            "agent.yaml:5: devices[1].modbus-rtu: 19200 8E1 differs from 9600 8E1 of gas-1 on the"
                + " same port /dev/ttyUSB0; devices on one RS-485 line share its settings");
  }

  @Test
  void devicesOnOneModbusTcpEndpointMustAgreeOnItsInFlight() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "devices:\n"
            + "  - {id: plc-1, profile: water-level-radar,\n"
            + "     modbus-tcp: {host: 10.0.0.5, unitId: 1, inFlight: 4}}\n"
            + "  - {id: plc-2, profile: water-level-radar, modbus-tcp: {host: 10.0.0.5, unitId: 2}}\n"
            + "  - {id: plc-3, profile: water-level-radar,\n"
            + "     modbus-tcp: {host: 10.0.0.5, port: 502, unitId: 3, inFlight: 8}}\n"
            + "  - {id: plc-4, profile: water-level-radar,\n"
            + "     modbus-tcp: {host: 10.0.0.5, unitId: 4, inFlight: 4}}\n";
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class, () -> loader.parse("agent.yaml", text, base));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "agent.yaml:5: devices[1].modbus-tcp: plc-2 gives inFlight 1, but plc-1 (line 3)"
                + " gives 4 for the same endpoint 10.0.0.5:502; inFlight belongs to the endpoint,"
                + " so every device on it gives the same (1 when not given)",
            "agent.yaml:7: devices[2].modbus-tcp: plc-3 gives inFlight 8, but plc-1 (line 3)"
                + " gives 4 for the same endpoint 10.0.0.5:502; inFlight belongs to the endpoint,"
                + " so every device on it gives the same (1 when not given)");
  }

  @Test
  void eachModbusTcpEndpointHasItsOwnInFlight() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "devices:\n"
            + "  - {id: plc-1, profile: water-level-radar,\n"
            + "     modbus-tcp: {host: 10.0.0.5, unitId: 1, inFlight: 4}}\n"
            + "  - {id: plc-2, profile: water-level-radar,\n"
            + "     modbus-tcp: {host: 10.0.0.5, unitId: 2, inFlight: 4}}\n"
            + "  - {id: conv-1, profile: water-level-radar,\n"
            + "     modbus-tcp: {host: 10.0.0.5, port: 1502, unitId: 1}}\n"
            + "  - {id: conv-2, profile: water-level-radar, modbus-tcp: {host: 10.0.0.6}}\n";
    AgentConfig c = loader.parse("agent.yaml", text, base).config();
    assertThat(c.devices())
        .extracting(d -> ((Transport.ModbusTcp) d.transport()).inFlight())
        .containsExactly(4, 4, 1, 1);
  }

  @Test
  void mistakesAreReportedWithLineAndField() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "polling: {timeout: soon}\n"
            + "mqtt: {broker: tcp://127.0.0.1:1883, embedded: {port: 1883}}\n"
            + "devices:\n"
            + "  - {id: gas-101, profile: gas-lel-modbus, modbus-rtu: {port: /dev/ttyUSB0}}\n"
            + "statsu: {port: 1}\n";
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class, () -> loader.parse("agent.yaml", text, base));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "agent.yaml:2: polling.timeout: \"soon\" is not a duration (e.g. 500ms, 10s, 5m, 1h, 3m30s)",
            "agent.yaml:3: mqtt.embedded: give broker (an existing one) or embedded (the agent's own),"
                + " not both",
            "agent.yaml:5: devices[0].modbus-rtu.unitId: is missing",
            "agent.yaml:6: statsu: unknown field; did you mean \"status\"?");
  }

  @Test
  void theAgentsOwnBrokerListensOnThisMachineOnly() {
    String text =
        "gateway: {id: gw-0001}\nmqtt: {embedded: {host: 0.0.0.0, port: 1883}}\ndevices: []\n";
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class, () -> loader.parse("agent.yaml", text, base));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .singleElement()
        .asString()
        .startsWith(
            "agent.yaml:2: mqtt.embedded.host: \"0.0.0.0\": the agent's own broker takes"
                + " anonymous clients, so it listens on this machine only")
        .contains("broker: tcp://HOST:1883");
  }

  @Test
  void theCloudAndTheBufferRead() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "cloud: {url: 'https://cloud.example.org/', tokenFile: token, batchSize: 200,\n"
            + "        linger: 250ms, maxBackoff: 1m}\n"
            + "buffer: {maxSize: 64MB, segmentSize: 512KB, syncEvery: 50ms, auditFile: taken.log}\n"
            + "devices: []\n";
    AgentConfig c = loader.parse("agent.yaml", text, base).config();
    assertThat(c.cloud())
        .isEqualTo(
            new AgentConfig.Cloud(
                "https://cloud.example.org",
                base.resolve("token"),
                null,
                "http",
                null,
                200,
                Duration.ofMillis(250),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofMinutes(1)));
    assertThat(c.buffer())
        .isEqualTo(
            new AgentConfig.Buffer(
                64L << 20, 512L << 10, Duration.ofMillis(50), base.resolve("taken.log")));
  }

  @Test
  void withoutACloudReadingsGoToTheOutputAndTheBufferHasItsDefaults() {
    AgentConfig c =
        loader.parse("agent.yaml", "gateway: {id: gw-0001}\ndevices: []\n", base).config();
    assertThat(c.cloud()).isNull();
    assertThat(c.buffer()).isEqualTo(AgentConfig.Buffer.DEFAULT);
  }

  @Test
  void cloudAndBufferMistakesNameTheirLine() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "cloud: {url: cloud.example.org, transport: mqtt, caFile: /nonexistent/ca.pem}\n"
            + "buffer: {maxSize: lots, segmentSize: 1KB}\n"
            + "devices: []\n";
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class, () -> loader.parse("agent.yaml", text, base));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "agent.yaml:2: cloud.url: \"cloud.example.org\" is not allowed: an http:// or https://"
                + " URL",
            "agent.yaml:2: cloud.mqttBroker: is missing",
            "agent.yaml:2: cloud.caFile: \"/nonexistent/ca.pem\" cannot be read",
            "agent.yaml:3: buffer.maxSize: \"lots\" is not a size like 64MB, 512KB or 1GB",
            "agent.yaml:3: buffer.segmentSize: must be at least 4KB");
  }

  @Test
  void alarmActionsMayWriteAnotherDeviceOfTheGateway() {
    String text =
        "gateway: {id: gw-0001}\n"
            + "devices:\n"
            + "  - id: smoke-b1\n"
            + "    profile: smoke-nbiot-mqtt\n"
            + "    mqtt: {}\n"
            + "    onAlarm:\n"
            + "      - {device: gas-101, write: valve, value: false}\n"
            + "      - {device: gas-110, write: valve, value: false}\n"
            + "  - {id: gas-101, profile: gas-lel-modbus, modbus-tcp: {host: 192.0.2.10, unitId: 7},\n"
            + "     onAlarm: [{write: valve, value: 0}]}\n";
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class, () -> loader.parse("agent.yaml", text, base));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .containsExactly(
            "agent.yaml:8: devices[0].onAlarm[1].device: no device \"gas-110\" in this file;"
                + " did you mean \"gas-101\"?",
            "agent.yaml:10: devices[1].onAlarm[0].value: 0.0 does not suit point valve"
                + " (valve_open); write true or false");
  }
}
