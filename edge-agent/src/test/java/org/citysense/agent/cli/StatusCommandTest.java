package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.pipeline.DeviceHealth;
import org.citysense.agent.pipeline.Emitter;
import org.citysense.agent.pipeline.LastValues;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.agent.status.StatusServer;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.Ports;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code edge-agent status} against a real {@link StatusServer} on a free loopback port, fed by a
 * small fake sink whose uplink status the test sets (a unit test of the command), and against a
 * port where nothing listens.
 */
class StatusCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final UplinkSink sink = new UplinkSink();
  private final ProblemLog problems = new ProblemLog(org.slf4j.LoggerFactory.getLogger("problems"));
  @TempDir Path dir;
  private StatusServer server;

  @BeforeEach
  void startServer() throws Exception {
    Devices devices = new Devices();
    BoundDevice pm =
        devices.bound("pm-st01", "pm25-rs485", new Transport.ModbusTcp("192.0.2.10", 502, 1));
    BoundDevice gas =
        devices.bound(
            "gas-101",
            "gas-lel-modbus",
            new Transport.ModbusRtu("/dev/ttyUSB0", 7, SerialSettings.MODBUS_DEFAULT));
    BoundDevice meter =
        devices.bound("meter-101", "water-meter-coap", new Transport.Coap("192.0.2.20", 5683));
    Bus tcp = new Bus("modbus-tcp 192.0.2.10:502", new IdleDriver(), 8, 4);
    Bus rtu = new Bus("modbus-rtu /dev/ttyUSB0", new IdleDriver(), 8);
    DeviceHealth health =
        new DeviceHealth(
            2, new Emitter(new SequenceStore(dir.resolve("data")), sink, new LastValues()));
    health.answered("pm-st01", NOW.minusSeconds(5));
    health.silent("gas-101", "no answer within 1s", NOW.minusSeconds(20));
    health.silent("gas-101", "no answer within 1s", NOW.minusSeconds(10));
    problems.problem("gas-101", "*", "no answer within 1s");
    server =
        new StatusServer(
            "gw-test",
            Clock.fixed(NOW, ZoneOffset.UTC),
            List.of(pm, gas, meter),
            Map.of("pm-st01", tcp, "gas-101", rtu),
            List.of(tcp, rtu),
            List.of(),
            health,
            new LastValues(),
            problems,
            sink::status);
    server.start("127.0.0.1", 0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private int run(String... args) {
    CommandLine cmd = EdgeAgentCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private String url() {
    return "http://127.0.0.1:" + server.port();
  }

  @Test
  void printsTheUplinkDevicesAndBusesForPeople() {
    assertThat(run("status", "--url", url())).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("gateway gw-test, agent time 2026-11-22T10:00:00Z")
        .contains("cloud   https://cloud.example.org")
        .contains("buffer         1234 unsent: 2 priority, 1232 normal (1.5 MB on disk)")
        .contains("oldest unsent  2026-11-22T09:49:00Z (11 min ago)")
        .contains("last success   2026-11-22T09:59:58Z (2 s ago); 52 batches, 10400 readings")
        .contains("last error     none")
        .contains("evicted        7 (dropped for the disk budget, or not stored: 0 this run)")
        .contains("rejected       1 (refused by the cloud, never resent)")
        .contains("clock offset   120 ms ahead of the cloud")
        .doesNotContain("FLAGGED", "NEEDS PEOPLE")
        .contains("devices 3: 1 offline, 1 unknown, 1 online")
        .containsPattern(
            "offline +gas-101 +gas-lel-modbus +modbus-rtu /dev/ttyUSB0, 2 failed poll\\(s\\) in a"
                + " row, last problem: no answer within 1s")
        .containsPattern("unknown +meter-101 +water-meter-coap +push, no answer yet")
        .containsPattern("online +pm-st01 +pm25-rs485 +modbus-tcp 192.0.2.10:502\n")
        .contains("buses   2")
        .containsPattern(
            "modbus-rtu /dev/ttyUSB0 +queue 0, 0 polls, 0 failed, 0 refused, 0 requests\n")
        .containsPattern("modbus-tcp 192.0.2.10:502 +queue 0, 0 polls, .*, 0 requests, 4 lanes\n")
        .contains("open problems: 1 point(s) cannot be read");
    // problems first: the offline device is listed before the one that answers
    assertThat(text.indexOf("offline  gas-101")).isLessThan(text.indexOf("online   pm-st01"));
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void saysWhenTheCloudFlagsTheClockAndWhenPeopleAreNeeded() {
    sink.uplink.put("lastError", "HTTP 401: unknown or revoked token");
    sink.uplink.put("consecutiveFailures", 3);
    sink.uplink.put("lastAttempt", "2026-11-22T09:59:30Z");
    sink.uplink.put("needsPeople", true);
    sink.uplink.put("clockOffsetMs", -95_000L);
    sink.uplink.put("clockFlagged", true);
    assertThat(run("status", "--url", url() + "/status")).isZero();
    assertThat(out.toString())
        .contains(
            "last error     HTTP 401: unknown or revoked token (3 failure(s) in a row; last"
                + " attempt 2026-11-22T09:59:30Z (30 s ago))")
        .contains("NEEDS PEOPLE")
        .contains("clock offset   95 s behind the cloud: FLAGGED by the cloud; set the gateway's");
  }

  @Test
  void withoutACloudSaysWhereReadingsGo() {
    sink.uplink = null;
    assertThat(run("status", "--url", url())).isZero();
    assertThat(out.toString()).contains("cloud   none").doesNotContain("buffer ");
  }

  @Test
  void jsonPrintsTheAgentsDocumentAsItIs() throws Exception {
    assertThat(run("status", "--url", url(), "--json")).isZero();
    JsonNode doc = new ObjectMapper().readTree(out.toString());
    assertThat(doc.path("gatewayId").asText()).isEqualTo("gw-test");
    assertThat(doc.path("uplink").path("bufferDepth").asLong()).isEqualTo(1234);
    assertThat(doc.path("devices")).hasSize(3);
  }

  @Test
  void takesTheAddressFromTheConfigsStatusSectionEvenWhileDevicesAreBeingEdited() throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(
        config,
        "gateway: {id: gw-test}\n"
            + "status: {host: 127.0.0.1, port: "
            + server.port()
            + "}\n"
            + "devices:\n"
            + "  - {id: half-written}\n");
    assertThat(run("status", "--config", config.toString())).isZero();
    assertThat(out.toString()).startsWith("gateway gw-test");
  }

  @Test
  void aConfigWithoutStatusEndpointAsksForAnUrl() throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, "gateway: {id: gw-test}\nstatus: {port: -1}\n");
    assertThat(run("status", "--config", config.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("turns the status endpoint off").contains("--url");
  }

  @Test
  void aBadStatusSectionIsReportedWithItsLine() throws Exception {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, "gateway: {id: gw-test}\nstatus: {port: 8780, tls: yes}\n");
    assertThat(run("status", "--config", config.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("agent.yaml:2");
  }

  @Test
  void nothingListeningMeansTheAgentIsNotRunning() {
    String nobody = "http://127.0.0.1:" + Ports.freeTcpPort();
    assertThat(run("status", "--url", nobody)).isEqualTo(ExitCodes.AGENT_NOT_RUNNING);
    assertThat(err.toString())
        .contains("the agent is not running (no answer on " + nobody + "/status)")
        .contains("systemctl start citysense-edge-agent");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void somethingElseAnsweringIsNotTakenForTheAgent() {
    // the status server answers 404 for any other path
    assertThat(run("status", "--url", url() + "/other")).isEqualTo(ExitCodes.SOFTWARE);
    assertThat(err.toString()).contains("answered 404");
  }

  @Test
  void agesReadAsPeopleSayThem() {
    assertThat(StatusReport.age(java.time.Duration.ofSeconds(42))).isEqualTo("42 s");
    assertThat(StatusReport.age(java.time.Duration.ofMinutes(5))).isEqualTo("5 min");
    assertThat(StatusReport.age(java.time.Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
    assertThat(StatusReport.age(java.time.Duration.ofHours(52))).isEqualTo("2 d 4 h");
  }

  /** A sink with nothing to keep, and the uplink status the test gives it (as BufferSink's). */
  private static final class UplinkSink implements ReadingSink {
    Map<String, Object> uplink = new LinkedHashMap<>();

    UplinkSink() {
      uplink.put("cloud", "https://cloud.example.org");
      uplink.put("bufferDepth", 1234L);
      uplink.put("priorityDepth", 2L);
      uplink.put("bufferBytes", 1_572_864L);
      uplink.put("oldestUnsent", "2026-11-22T09:49:00Z");
      uplink.put("evicted", 7L);
      uplink.put("rejected", 1L);
      uplink.put("lastSuccess", "2026-11-22T09:59:58Z");
      uplink.put("lastAttempt", "2026-11-22T09:59:58Z");
      uplink.put("lastError", null);
      uplink.put("consecutiveFailures", 0);
      uplink.put("needsPeople", false);
      uplink.put("batchesSent", 52L);
      uplink.put("readingsSent", 10_400L);
      uplink.put("clockOffsetMs", 120L);
      uplink.put("clockFlagged", false);
    }

    @Override
    public void reading(WireReading reading, boolean alarm) {}

    @Override
    public void status(StatusChange change) {}

    @Override
    public void edge(EdgeEvent event) {}

    @Override
    public Object status() {
      return uplink;
    }

    @Override
    public void close() {}
  }

  /** A bus driver that is never asked: the buses are not started. */
  private static final class IdleDriver implements PollingDriver {
    @Override
    public List<PointResult> read(DeviceInstance device, List<Point> points) {
      throw new AssertionError("not polled in this test");
    }

    @Override
    public WriteResult write(DeviceInstance device, Point point, Value value) {
      throw new AssertionError("not written in this test");
    }

    @Override
    public long requests() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
