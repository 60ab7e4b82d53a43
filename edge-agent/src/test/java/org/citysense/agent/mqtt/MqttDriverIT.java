package org.citysense.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.Mosquitto;
import org.citysense.agent.testing.Ports;
import org.citysense.agent.testing.RecordingListener;
import org.citysense.agent.testing.RecordingListener.Received;
import org.citysense.agent.testing.Threads;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT driver against a real Debian mosquitto, fed by mosquitto_pub. */
class MqttDriverIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String SMOKE_1 = "nbiot/smoke/smoke-1/up";
  private static final String SMOKE_2 = "nbiot/smoke/smoke-2/up";
  private static final String ALARM =
      "{\"alarm\":true,\"density\":0.5,\"battery\":87,\"rssi\":-85}";

  @TempDir Path dir;
  private final Devices devices = new Devices();
  private final RecordingListener listener = new RecordingListener();
  private final Set<Thread> threadsBefore = Threads.snapshot();
  private Mosquitto broker;
  private MqttDriver driver;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (driver != null) {
      driver.close();
      String clientId = driver.clientId();
      Poll.until(
          "the driver's and Paho's threads to end",
          LIMIT,
          () -> Threads.named(clientId).isEmpty(),
          () -> "still alive: " + Threads.named(clientId));
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aPublishedMessageReachesItsDeviceAndDecodesToThePublishedValues() throws Exception {
    broker = Mosquitto.start(dir);
    startConnected(broker.uri());

    broker.publish(SMOKE_2, ALARM);

    Poll.until("smoke-2's message", LIMIT, () -> !listener.received("smoke-2").isEmpty());
    Received got = listener.received("smoke-2").get(0);
    assertThat(got.raw()).isInstanceOf(RawValue.Json.class);
    assertThat(got.decode("smoke").value()).isEqualTo(Value.of(true));
    assertThat(got.decode("smoke_density").value()).isEqualTo(Value.of(0.5));
    assertThat(got.decode("battery").value()).isEqualTo(Value.of(87));
    assertThat(got.decode("signal").value()).isEqualTo(Value.of(-85));
    assertThat(listener.received("smoke-1")).isEmpty();
    assertThat(driver.describe()).isEqualTo("mqtt " + broker.uri() + " (connected, 2 topics)");
    assertThat(Threads.named(driver.clientId()))
        .as("threads carry the client id, so the end of each test can see them go")
        .anyMatch(n -> n.startsWith("MQTT Rec"))
        .anyMatch(n -> n.startsWith("mqtt-driver"));
  }

  @Test
  void garbageIsReportedMalformedAndTheNextGoodMessageStillArrives() throws Exception {
    broker = Mosquitto.start(dir);
    startConnected(broker.uri());

    broker.publish(SMOKE_1, "{\"alarm\": tru");
    broker.publish(SMOKE_1, ALARM);

    Poll.until("the good message", LIMIT, () -> !listener.received("smoke-1").isEmpty());
    assertThat(listener.failures("smoke-1"))
        .singleElement()
        .satisfies(f -> assertThat(f.kind()).isEqualTo(Failure.Kind.MALFORMED));
  }

  @Test
  void aMessageOnATopicOfNoDeviceIsIgnored() throws Exception {
    broker = Mosquitto.start(dir);
    startConnected(broker.uri());

    broker.publish("nbiot/smoke/stranger/up", ALARM);
    broker.publish(SMOKE_1, ALARM);

    // the driver subscribes to its devices' exact topics, so the broker does not even deliver
    // the stranger's message (MqttInboxTest shows what happens to one that does arrive);
    // it was published first, so it would have come before smoke-1's
    Poll.until("smoke-1's message", LIMIT, () -> !listener.received("smoke-1").isEmpty());
    assertThat(listener.received()).extracting(Received::deviceId).containsExactly("smoke-1");
    assertThat(listener.failures()).isEmpty();
  }

  @Test
  void messagesFlowAgainAfterTheBrokerIsRestartedOnTheSamePort() throws Exception {
    broker = Mosquitto.start(dir);
    int port = broker.port();
    startConnected(broker.uri());

    broker.close();
    Poll.until("the driver to notice", LIMIT, () -> !driver.isConnected());
    assertThat(driver.describe()).contains("not connected, retrying");
    broker = Mosquitto.start(dir, port);
    Poll.until("the driver to reconnect", LIMIT, driver::isConnected);
    broker.publish(SMOKE_1, ALARM);

    Poll.until(
        "a message after the restart",
        LIMIT,
        () -> !listener.received("smoke-1").isEmpty(),
        listener::transcript);
    assertThat(listener.received("smoke-1").get(0).decode("smoke").value())
        .isEqualTo(Value.of(true));
  }

  @Test
  void aBrokerThatIsNotThereAtStartIsWaitedFor() throws Exception {
    int port = Ports.freeTcpPort();
    startDriver("tcp://127.0.0.1:" + port);
    assertThat(driver.isConnected()).isFalse();

    broker = Mosquitto.start(dir, port);
    Poll.until("the driver to connect", LIMIT, driver::isConnected);
    broker.publish(SMOKE_1, ALARM);

    Poll.until("smoke-1's message", LIMIT, () -> !listener.received("smoke-1").isEmpty());
  }

  @Test
  void closeLeavesNoThreadThatKeepsTheJvmAlive() throws Exception {
    broker = Mosquitto.start(dir);
    startConnected(broker.uri());

    driver.close();

    Poll.until(
        "new non-daemon threads to end",
        LIMIT,
        () -> Threads.newNonDaemon(threadsBefore).isEmpty(),
        () -> "still alive: " + Threads.newNonDaemon(threadsBefore));
    assertThat(driver.describe()).endsWith("(closed)");
  }

  private void startDriver(String uri) throws Exception {
    driver =
        new MqttDriver(
            uri,
            List.of(
                devices.bound("smoke-1", "smoke-nbiot-mqtt", new Transport.Mqtt(null)),
                devices.bound("smoke-2", "smoke-nbiot-mqtt", new Transport.Mqtt(null))),
            DriverSettings.DEFAULT);
    driver.start(listener);
  }

  private void startConnected(String uri) throws Exception {
    startDriver(uri);
    Poll.until("the driver to subscribe", LIMIT, driver::isConnected);
  }
}
