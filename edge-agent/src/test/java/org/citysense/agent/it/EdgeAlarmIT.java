package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.WireReading;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gas leak in a kitchen, with no cloud at all: the simulator plays a gas-lel-modbus detector
 * fifteen minutes into the bundled gas-leak scenario, and the whole agent, configured from YAML
 * with {@code onAlarm: [{write: valve, value: false}]}, must raise the alarm itself and close the
 * detector's valve over the same Modbus connection it polls on.
 */
class EdgeAlarmIT {
  private final Clock clock = Clock.systemUTC();
  @TempDir Path dir;

  @Test
  void aGasLeakRaisesAnEdgeAlarmAndClosesTheValve() throws Exception {
    SimDevice gas = leakingDetector();
    assertThat(gas.snapshot().values().get("gas").asDouble())
        .as("gas fifteen minutes into the leak")
        .isGreaterThanOrEqualTo(20.0);
    assertThat(gas.snapshot().values().get("valve")).isEqualTo(Value.of(true));
    ModbusSlave slave = new ModbusSlave(true);
    slave.add(7, gas);
    try (ModbusTcpServer tcp = new ModbusTcpServer("127.0.0.1", 0, slave)) {
      tcp.start();
      String yaml =
          "gateway: {id: gw-kitchen}\n"
              + "dataDir: data\n"
              + "status: {port: -1}\n"
              + "devices:\n"
              + "  - id: gas-101\n"
              + "    profile: gas-lel-modbus\n"
              + "    modbus-tcp: {host: 127.0.0.1, port: "
              + tcp.boundPort()
              + ", unitId: 7}\n"
              + "    household: h-101\n"
              + "    intervals: {gas: 500ms, gas_alarm: 500ms, valve: 500ms}\n"
              + "    onAlarm: [{write: valve, value: false}]\n";
      AgentConfigLoader.Loaded loaded = new AgentConfigLoader().parse("agent.yaml", yaml, dir);
      RecordingSink sink = new RecordingSink();
      try (ProtocolDrivers drivers = new ProtocolDrivers();
          Agent agent = new Agent(loaded.config(), loaded.profiles(), clock, drivers, sink)) {
        agent.start();
        Poll.until(
            "an edge alarm for the gas reading",
            Duration.ofSeconds(30),
            () -> raised(sink, "gas").isPresent(),
            () -> "edge events: " + sink.edgeEvents());
        Poll.until(
            "the valve read back closed",
            Duration.ofSeconds(30),
            () -> closed(sink.latest("gas-101", "valve")));
      }

      EdgeEvent event = raised(sink, "gas").orElseThrow();
      assertThat(event.deviceId()).isEqualTo("gas-101");
      assertThat(event.value().asDouble()).isGreaterThanOrEqualTo(20.0);
      assertThat(event.limit()).isEqualTo(">= 20.0");
      assertThat(event.actions())
          .containsExactly(new EdgeAction("gas-101", "valve", Value.of(false), true, null));
      // the relay (gas_alarm) trips too and closes the valve again: harmless, and both say so
      assertThat(gas.writes()).isNotEmpty().containsOnly("valve=false");
      assertThat(gas.snapshot().values().get("valve")).isEqualTo(Value.of(false));
      assertThat(sink.edgeEvents()).allMatch(e -> e.kind().equals(EdgeEvent.RAISED));
    }
  }

  /** A detector whose scenario began fifteen minutes ago: the leak has reached 35 %LEL. */
  private SimDevice leakingDetector() {
    DeviceFactory factory =
        new DeviceFactory(
            ProfileCatalog.bundled(),
            clock,
            42,
            ZoneId.of("Asia/Shanghai"),
            clock.instant().minus(Duration.ofMinutes(15)));
    DeviceInstance instance =
        new DeviceInstance(
            "gas-101",
            "gas-lel-modbus",
            new Transport.ModbusTcp("127.0.0.1", 0, 7),
            null,
            "h-101",
            null,
            null,
            Map.of(),
            Map.of());
    return factory.create(
        instance, ScenarioCatalog.bundled().compose("baseline,gas-leak", "EdgeAlarmIT"));
  }

  private static Optional<EdgeEvent> raised(RecordingSink sink, String point) {
    List<EdgeEvent> events = sink.edgeEvents();
    return events.stream()
        .filter(e -> e.point().equals(point) && e.kind().equals(EdgeEvent.RAISED))
        .findFirst();
  }

  private static boolean closed(WireReading valve) {
    return valve != null
        && valve.quality() == Quality.GOOD
        && Value.of(false).equals(valve.value());
  }
}
