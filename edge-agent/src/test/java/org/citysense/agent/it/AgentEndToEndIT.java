package org.citysense.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.mqtt.EmbeddedBroker;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.WireReading;
import org.citysense.sim.coap.CoapDeviceServer;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.modbus.ModbusSlave;
import org.citysense.sim.modbus.ModbusTcpServer;
import org.citysense.sim.mqtt.MqttPublisher;
import org.citysense.sim.rtu.RtuSlave;
import org.citysense.sim.serial.FrameSender;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.SocatPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent — config, drivers, scheduler, normalizer, sink — against the simulator playing
 * every bundled profile on its own transport: Modbus TCP, Modbus RTU over a pty pair, SDS011 frames
 * over another, MQTT through the agent's embedded broker, CoAP. Each decoded value must be what the
 * simulated device serves.
 */
class AgentEndToEndIT {
  private static final SerialSettings UART = new SerialSettings(9600, 8, Parity.NONE, 1);
  private final Clock clock = Clock.systemUTC();
  private final Devices devices = new Devices();
  private final List<SimDevice> sims = new ArrayList<>();
  private final Map<String, Map<String, Value>> pinned = new HashMap<>();
  @TempDir Path dir;

  private SimDevice sim(String id, String profile, Transport transport, Map<String, Value> values) {
    SimDevice d = devices.sim(id, profile, transport, clock);
    values.forEach(d::set);
    sims.add(d);
    pinned.put(id, values);
    return d;
  }

  @Test
  void everyBundledProfileIsReadThroughTheWholeAgent() throws Exception {
    SimDevice pm =
        sim(
            "pm-1",
            "pm25-rs485",
            new Transport.ModbusTcp("127.0.0.1", 0, 1),
            Map.of(
                "humidity",
                Value.of(51.5),
                "temperature",
                Value.of(-10.0),
                "pm2_5",
                Value.of(35.0),
                "pm10",
                Value.of(75.0)));
    SimDevice meter =
        sim(
            "wm-1",
            "water-meter-modbus",
            new Transport.ModbusTcp("127.0.0.1", 0, 2),
            Map.of(
                "volume", Value.of(123.456), "flow", Value.of(0.0125), "battery", Value.of(87.0)));
    SimDevice level =
        sim(
            "lv-1",
            "water-level-radar",
            new Transport.ModbusTcp("127.0.0.1", 0, 3),
            Map.of("level", Value.of(3.25), "temperature", Value.of(25.0)));
    try (SocatPair rtu = SocatPair.start(dir.resolve("rtu"));
        SocatPair uart = SocatPair.start(dir.resolve("uart"));
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0)) {
      SimDevice gas =
          sim(
              "gas-1",
              "gas-lel-modbus",
              new Transport.ModbusRtu(rtu.a().toString(), 7, SerialSettings.MODBUS_DEFAULT),
              Map.of("gas", Value.of(12.5), "valve", Value.of(true)));
      SimDevice sds =
          sim(
              "pm-uart",
              "pm25-sds011",
              new Transport.SerialLine(uart.a().toString(), UART),
              Map.of("pm2_5", Value.of(35.2), "pm10", Value.of(80.7)));
      SimDevice smoke =
          sim(
              "smoke-1",
              "smoke-nbiot-mqtt",
              new Transport.Mqtt(null),
              Map.of(
                  "smoke",
                  Value.of(false),
                  "smoke_density",
                  Value.of(0.12),
                  "battery",
                  Value.of(87.0),
                  "signal",
                  Value.of(-85.0)));
      SimDevice sos =
          sim(
              "sos-1",
              "alarm-button-mqtt",
              new Transport.Mqtt(null),
              Map.of("pressed", Value.of(false), "battery", Value.of(95.0)));
      SimDevice coapMeter =
          sim(
              "wm-2",
              "water-meter-coap",
              new Transport.Coap("127.0.0.1", 0),
              Map.of(
                  "volume",
                  Value.of(123.456),
                  "flow",
                  Value.of(0.0125),
                  "battery",
                  Value.of(90.0)));

      broker.start();
      ModbusSlave tcpBus = new ModbusSlave(true);
      tcpBus.add(1, pm);
      tcpBus.add(2, meter);
      tcpBus.add(3, level);
      ModbusSlave rtuBus = new ModbusSlave(false);
      rtuBus.add(7, gas);
      try (ModbusTcpServer tcp = new ModbusTcpServer("127.0.0.1", 0, tcpBus);
          RtuSlave rtuSlave =
              new RtuSlave(rtu.a().toString(), SerialSettings.MODBUS_DEFAULT, rtuBus);
          FrameSender frames = new FrameSender(sds, clock);
          CoapDeviceServer coap = new CoapDeviceServer("127.0.0.1", 0, List.of(coapMeter));
          MqttPublisher publisher = new MqttPublisher(broker.uri(), List.of(smoke, sos), clock)) {
        tcp.start();
        rtuSlave.start();
        frames.start();
        coap.start();

        List<DeviceInstance> agentSide =
            List.of(
                agentDevice(
                    "pm-1", "pm25-rs485", new Transport.ModbusTcp("127.0.0.1", tcp.boundPort(), 1)),
                agentDevice(
                    "wm-1",
                    "water-meter-modbus",
                    new Transport.ModbusTcp("127.0.0.1", tcp.boundPort(), 2)),
                agentDevice(
                    "lv-1",
                    "water-level-radar",
                    new Transport.ModbusTcp("127.0.0.1", tcp.boundPort(), 3)),
                agentDevice(
                    "gas-1",
                    "gas-lel-modbus",
                    new Transport.ModbusRtu(rtu.b().toString(), 7, SerialSettings.MODBUS_DEFAULT)),
                agentDevice(
                    "pm-uart", "pm25-sds011", new Transport.SerialLine(uart.b().toString(), UART)),
                agentDevice("smoke-1", "smoke-nbiot-mqtt", new Transport.Mqtt(null)),
                agentDevice("sos-1", "alarm-button-mqtt", new Transport.Mqtt(null)),
                agentDevice(
                    "wm-2", "water-meter-coap", new Transport.Coap("127.0.0.1", coap.port())));
        AgentConfig config =
            new AgentConfig(
                "gw-test",
                dir.resolve("data"),
                null,
                "127.0.0.1",
                0,
                "stdout",
                new AgentConfig.Mqtt(broker.uri(), null, -1),
                AgentConfig.Polling.DEFAULT,
                AgentConfig.Stuck.DEFAULT,
                null,
                AgentConfig.Buffer.DEFAULT,
                agentSide);
        RecordingSink sink = new RecordingSink();
        try (ProtocolDrivers drivers = new ProtocolDrivers();
            Agent agent = new Agent(config, ProfileCatalog.bundled(), clock, drivers, sink)) {
          agent.start();
          Poll.until(
              "the agent's MQTT subscription",
              Duration.ofSeconds(30),
              () -> agent.status().status().get("push").toString().contains("(connected"));
          publisher.start();

          Poll.until(
              "a good reading of every point of every device",
              Duration.ofSeconds(60),
              () -> missing(sink).isEmpty(),
              () -> "missing: " + missing(sink));
          assertStatusEndpoint(agent.status().port());
        }
        for (SimDevice d : sims) {
          for (Point p : d.profile().points()) {
            WireReading r = sink.latest(d.id(), p.name());
            Value served = d.snapshot().values().get(p.name());
            if (p.quantity().isBoolean()) {
              assertThat(r.value()).as("%s %s", d.id(), p.name()).isEqualTo(served);
            } else {
              assertThat(r.value().asDouble())
                  .as("%s %s", d.id(), p.name())
                  .isCloseTo(served.asDouble(), within(resolution(p)));
            }
          }
        }
      }
    }
  }

  /** The local status endpoint, read over HTTP as an installer's curl would. */
  private static void assertStatusEndpoint(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = new ObjectMapper().readTree(response.body());
    assertThat(status.get("gatewayId").asText()).isEqualTo("gw-test");
    JsonNode gas = null;
    for (JsonNode d : status.get("devices")) {
      if (d.get("id").asText().equals("gas-1")) {
        gas = d;
      }
    }
    assertThat(gas).isNotNull();
    assertThat(gas.get("state").asText()).isEqualTo("online");
    assertThat(gas.at("/points/gas/quality").asText()).isEqualTo("good");
    assertThat(gas.at("/points/gas/value").asDouble()).isEqualTo(12.5);
    assertThat(status.get("buses")).hasSize(2);
    for (JsonNode bus : status.get("buses")) {
      assertThat(bus.get("polls").asLong()).as(bus.toString()).isPositive();
      assertThat(bus.has("queueDepth")).isTrue();
    }
  }

  /** Points without a good reading yet, as "device/point". */
  private List<String> missing(RecordingSink sink) {
    List<String> missing = new ArrayList<>();
    for (SimDevice d : sims) {
      for (Point p : d.profile().points()) {
        WireReading r = sink.latest(d.id(), p.name());
        if (r == null || r.quality() != Quality.GOOD) {
          missing.add(d.id() + "/" + p.name() + (r == null ? "" : "=" + r.quality()));
        }
      }
    }
    return missing;
  }

  /** Half a step of the point's integer encoding, in its canonical unit, plus float noise. */
  private static double resolution(Point p) {
    double step = Math.abs(p.unit().toCanonical(p.transform().scale()) - p.unit().toCanonical(0));
    return step / 2 + 1e-6;
  }

  /** The agent's view of the device; polled ones have every point read every 500 ms. */
  private DeviceInstance agentDevice(String id, String profileId, Transport transport) {
    DeviceProfile profile = devices.profile(profileId);
    Map<String, Duration> intervals = new HashMap<>();
    boolean polled =
        transport instanceof Transport.ModbusTcp || transport instanceof Transport.ModbusRtu;
    if (polled) {
      profile.points().forEach(p -> intervals.put(p.name(), Duration.ofMillis(500)));
    }
    return new DeviceInstance(
        id, profileId, transport, null, null, null, null, Map.of(), intervals);
  }
}
