package org.citysense.agent.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.Mosquitto;
import org.citysense.agent.testing.RecordingListener;
import org.citysense.agent.testing.RecordingListener.Received;
import org.citysense.agent.testing.Threads;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.mqtt.MqttPublisher;
import org.citysense.testsupport.Poll;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own broker (Moquette) with the MQTT driver subscribed to it, fed by Paho, by
 * mosquitto_pub and by the simulator's MQTT devices.
 */
class EmbeddedBrokerIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String SMOKE_1 = "nbiot/smoke/smoke-1/up";
  private static final String ALARM =
      "{\"alarm\":true,\"density\":0.5,\"battery\":87,\"rssi\":-85}";

  @TempDir Path dir;
  private final Devices devices = new Devices();
  private final RecordingListener listener = new RecordingListener();
  private final Set<Thread> threadsBefore = Threads.snapshot();
  private EmbeddedBroker broker;
  private MqttDriver driver;
  private MqttPublisher simulator;

  @BeforeEach
  void startBroker() throws IOException {
    broker = new EmbeddedBroker("127.0.0.1", 0);
    broker.start();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (simulator != null) {
      simulator.close();
    }
    if (driver != null) {
      driver.close();
    }
    broker.close();
    Poll.until(
        "new non-daemon threads to end",
        LIMIT,
        () -> Threads.newNonDaemon(threadsBefore).isEmpty(),
        () -> "still alive: " + Threads.newNonDaemon(threadsBefore));
  }

  @Test
  void aMessageFromPahoReachesTheDriver() throws Exception {
    startDriver(devices.bound("smoke-1", "smoke-nbiot-mqtt", new Transport.Mqtt(null)));

    MqttClient publisher = new MqttClient(broker.uri(), "test-publisher", new MemoryPersistence());
    try {
      publisher.connect();
      publisher.publish(SMOKE_1, ALARM.getBytes(UTF_8), 1, false);
      publisher.disconnect();
    } finally {
      publisher.close();
    }

    Received got = awaitFirst("smoke-1");
    assertThat(got.decode("smoke").value()).isEqualTo(Value.of(true));
    assertThat(got.decode("smoke_density").value()).isEqualTo(Value.of(0.5));
    assertThat(got.decode("battery").value()).isEqualTo(Value.of(87));
    assertThat(got.decode("signal").value()).isEqualTo(Value.of(-85));
    assertThat(broker.port()).isPositive();
    assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + broker.port());
  }

  @Test
  void aMessageFromMosquittoPubReachesTheDriver() throws Exception {
    startDriver(devices.bound("smoke-1", "smoke-nbiot-mqtt", new Transport.Mqtt(null)));

    Mosquitto.publish(broker.port(), SMOKE_1, ALARM);

    assertThat(awaitFirst("smoke-1").decode("smoke").value()).isEqualTo(Value.of(true));
  }

  @Test
  void theSimulatorsMqttDevicesDecodeToTheValuesTheyServe() throws Exception {
    Transport.Mqtt transport = new Transport.Mqtt(broker.uri());
    SimDevice smoke = devices.sim("smoke-1", "smoke-nbiot-mqtt", transport, Clock.systemUTC());
    smoke.set("smoke", Value.of(true));
    smoke.set("smoke_density", Value.of(1.25));
    smoke.set("battery", Value.of(87));
    smoke.set("signal", Value.of(-85));
    SimDevice button = devices.sim("sos-1", "alarm-button-mqtt", transport, Clock.systemUTC());
    button.set("pressed", Value.of(true));
    button.set("battery", Value.of(95));
    startDriver(
        devices.bound("smoke-1", "smoke-nbiot-mqtt", transport),
        devices.bound("sos-1", "alarm-button-mqtt", transport));

    // heartbeats are 30 minutes and a day: only the report at start comes
    simulator = new MqttPublisher(broker.uri(), List.of(smoke, button), Clock.systemUTC());
    simulator.start();

    for (SimDevice device : List.of(smoke, button)) {
      Received got = awaitFirst(device.id());
      for (Point point : device.profile().points()) {
        assertThat(got.decode(point.name()).value())
            .as("%s %s", device.id(), point.name())
            .isEqualTo(device.snapshot().values().get(point.name()));
      }
    }
    assertThat(smoke.snapshot().values().get("smoke_density")).isEqualTo(Value.of(1.25));
  }

  @Test
  void aTakenPortFailsStartNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EmbeddedBroker second = new EmbeddedBroker("127.0.0.1", taken.getLocalPort());

      assertThatThrownBy(second::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      second.close();
    }
  }

  @Test
  void closeFreesThePort() throws Exception {
    int port = broker.port();

    broker.close();

    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPersistentBrokerKeepsItsStoreInTheGivenFolder() throws Exception {
    Path store = dir.resolve("mqtt-store");
    EmbeddedBroker persistent = new EmbeddedBroker("127.0.0.1", 0, store);
    try {
      persistent.start();
      Mosquitto.publish(persistent.port(), SMOKE_1, ALARM);
    } finally {
      persistent.close();
    }

    try (Stream<Path> files = Files.list(store)) {
      assertThat(files.toList()).isNotEmpty();
    }
  }

  private void startDriver(BoundDevice... bound) throws Exception {
    driver = new MqttDriver(broker.uri(), List.of(bound), DriverSettings.DEFAULT);
    driver.start(listener);
    Poll.until("the driver to subscribe", LIMIT, driver::isConnected);
  }

  private Received awaitFirst(String deviceId) throws InterruptedException {
    Poll.until(
        deviceId + "'s message",
        LIMIT,
        () -> !listener.received(deviceId).isEmpty(),
        listener::transcript);
    return listener.received(deviceId).get(0);
  }
}
