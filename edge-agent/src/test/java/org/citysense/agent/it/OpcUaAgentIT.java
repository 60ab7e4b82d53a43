package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.agent.testing.Threads;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.WireReading;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.opcua.OpcUaDeviceServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pump stations on one OPC UA server and the whole agent, configured from YAML: both are read
 * on one bus with GOOD readings; the wet well of one rises above its 3.5 m alarm limit, and the
 * agent raises the edge alarm itself and closes that station's inlet gate over the same session.
 * When the agent is closed, no PLC4X or Netty thread keeps the JVM alive.
 */
class OpcUaAgentIT {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private final Clock clock = Clock.systemUTC();
  private final Devices devices = new Devices();
  @TempDir Path dir;

  @Test
  void aHighWetWellRaisesTheEdgeAlarmAndClosesTheGate() throws Exception {
    Set<Thread> before = Threads.snapshot();
    SimDevice ps1 = station("ps-1");
    SimDevice ps2 = station("ps-2");
    ps1.set("gate_open", Value.of(true));
    ps1.set("level", Value.of(2.0));
    ps2.set("level", Value.of(1.0));
    try (OpcUaDeviceServer server =
        new OpcUaDeviceServer("127.0.0.1", 0, "/pumps", List.of(ps1, ps2))) {
      server.start();
      String yaml =
          "gateway: {id: gw-pumps}\n"
              + "dataDir: data\n"
              + "status: {port: -1}\n"
              + "devices:\n"
              + stationYaml("ps-1", server.endpoint())
              + "    onAlarm: [{write: gate_open, value: false}]\n"
              + stationYaml("ps-2", server.endpoint());
      AgentConfigLoader.Loaded loaded = new AgentConfigLoader().parse("agent.yaml", yaml, dir);
      RecordingSink sink = new RecordingSink();
      try (ProtocolDrivers drivers = new ProtocolDrivers();
          Agent agent = new Agent(loaded.config(), loaded.profiles(), clock, drivers, sink)) {
        agent.start();
        assertThat(agent.buses().keySet()).containsExactly("opcua " + server.endpoint());
        Poll.until(
            "every point of both stations read GOOD",
            LIMIT,
            () ->
                List.of("ps-1", "ps-2").stream()
                    .allMatch(
                        id ->
                            List.of("level", "outflow", "gate_open", "cabinet_temperature").stream()
                                .allMatch(p -> good(sink.latest(id, p)))));
        assertThat(sink.latest("ps-1", "level").value()).isEqualTo(Value.of(2.0));
        assertThat(sink.latest("ps-2", "level").value()).isEqualTo(Value.of(1.0));
        assertThat(sink.edgeEvents()).isEmpty();

        ps1.set("level", Value.of(3.8));

        Poll.until(
            "an edge alarm for the level of ps-1",
            LIMIT,
            () -> raised(sink).isPresent(),
            () -> "edge events: " + sink.edgeEvents());
        Poll.until(
            "the gate read back closed",
            LIMIT,
            () -> Value.of(false).equals(valueOf(sink.latest("ps-1", "gate_open"))));
        Bus bus = agent.buses().get("opcua " + server.endpoint());
        assertThat(bus.failedPolls()).isZero();
      }
      EdgeEvent event = raised(sink).orElseThrow();
      assertThat(event.deviceId()).isEqualTo("ps-1");
      assertThat(event.value()).isEqualTo(Value.of(3.8));
      assertThat(event.actions())
          .containsExactly(new EdgeAction("ps-1", "gate_open", Value.of(false), true, null));
      assertThat(ps1.writes()).containsOnly("gate_open=false");
      assertThat(ps2.writes()).isEmpty();
    }
    Poll.until(
        "new non-daemon threads to end",
        LIMIT,
        () -> Threads.newNonDaemon(before).isEmpty(),
        () -> "still alive: " + Threads.newNonDaemon(before));
  }

  private SimDevice station(String id) {
    return devices.sim(
        id, "pump-station-opcua", new Transport.OpcUa("opc.tcp://127.0.0.1:4840/pumps"), clock);
  }

  private static String stationYaml(String id, String endpoint) {
    return "  - id: "
        + id
        + "\n"
        + "    profile: pump-station-opcua\n"
        + "    opcua: {endpoint: \""
        + endpoint
        + "\"}\n"
        + "    station: st-"
        + id
        + "\n"
        + "    intervals: {level: 500ms, outflow: 500ms, gate_open: 500ms,"
        + " cabinet_temperature: 500ms}\n";
  }

  private static Optional<EdgeEvent> raised(RecordingSink sink) {
    return sink.edgeEvents().stream()
        .filter(e -> e.point().equals("level") && e.kind().equals(EdgeEvent.RAISED))
        .findFirst();
  }

  private static boolean good(WireReading r) {
    return r != null && r.quality() == Quality.GOOD;
  }

  private static Value valueOf(WireReading r) {
    return r == null || r.quality() != Quality.GOOD ? null : r.value();
  }
}
