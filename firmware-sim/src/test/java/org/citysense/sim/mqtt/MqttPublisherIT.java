package org.citysense.sim.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.Ports;
import org.citysense.sim.testing.TestDevices;
import org.citysense.sim.testing.Threads;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real mosquitto, observed with a real mosquitto_sub. */
class MqttPublisherIT {
  private static final Duration LIMIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC_1 = "nbiot/smoke/smoke-1/up";
  private static final String TOPIC_2 = "nbiot/smoke/smoke-2/up";

  @TempDir Path dir;
  private Mosquitto broker;
  private Subscriber subscriber;
  private MqttPublisher publisher;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (publisher != null) {
      publisher.close();
      String clientId = publisher.clientId();
      Poll.until(
          "the publisher's threads to end",
          LIMIT,
          () -> Threads.named(clientId).isEmpty(),
          () -> "still alive: " + Threads.named(clientId));
    }
    if (subscriber != null) {
      subscriber.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void publishesTheSetValuesAtTheProfilesPointersAtStart() throws Exception {
    Clock clock = Clock.systemUTC(); // heartbeat 30 min: only the start report comes
    SimDevice smoke = smoke("smoke-1", clock);
    smoke.set("smoke", Value.of(true));
    smoke.set("battery", Value.of(87));
    smoke.set("signal", Value.of(-85));
    broker = Mosquitto.start(dir);
    subscriber = Subscriber.start(broker, TOPIC_1, TOPIC_1);

    publisher = new MqttPublisher(broker.uri(), List.of(smoke), clock);
    publisher.start();
    awaitPayloads(TOPIC_1, 1);

    JsonNode payload = JSON.readTree(subscriber.payloads(TOPIC_1).get(0));
    assertThat(payload.at("/alarm").isBoolean()).isTrue();
    assertThat(payload.at("/alarm").booleanValue()).isTrue();
    assertThat(payload.at("/battery").isIntegralNumber()).isTrue();
    assertThat(payload.at("/battery").longValue()).isEqualTo(87);
    assertThat(payload.at("/rssi").longValue()).isEqualTo(-85);
    assertThat(payload.at("/density").isNumber()).isTrue();
    assertThat(publisher.describe()).contains(broker.uri(), "smoke-1");
    assertThat(Threads.named(publisher.clientId()))
        .as("Paho's threads and ours carry the client id, so @AfterEach can see them end")
        .anyMatch(n -> n.startsWith("MQTT Rec"))
        .anyMatch(n -> n.startsWith("mqtt-publisher"));
  }

  @Test
  void aChangeIsPublishedAtOnceAsItsOwnMessage() throws Exception {
    Clock clock = Clock.systemUTC(); // heartbeat 30 min: any second message is a change report
    SimDevice smoke = smoke("smoke-1", clock);
    smoke.set("smoke", Value.of(false));
    broker = Mosquitto.start(dir);
    subscriber = Subscriber.start(broker, TOPIC_1, TOPIC_1);
    publisher = new MqttPublisher(broker.uri(), List.of(smoke), clock);
    publisher.start();
    awaitPayloads(TOPIC_1, 1);
    assertThat(JSON.readTree(subscriber.payloads(TOPIC_1).get(0)).at("/alarm").booleanValue())
        .isFalse();

    smoke.set("smoke", Value.of(true));
    awaitPayloads(TOPIC_1, 2);

    List<String> payloads = subscriber.payloads(TOPIC_1);
    assertThat(payloads).hasSize(2);
    assertThat(JSON.readTree(payloads.get(1)).at("/alarm").booleanValue()).isTrue();
  }

  @Test
  void aNoResponseFaultSilencesOneDeviceWhileTheOtherGoesOn() throws Exception {
    Clock clock = new ClockSettings(null, null, 3600).toClock(Clock.systemUTC());
    SimDevice silent = smoke("smoke-1", clock);
    SimDevice control = smoke("smoke-2", clock);
    broker = Mosquitto.start(dir);
    subscriber = Subscriber.start(broker, "nbiot/smoke/+/up", "nbiot/smoke/");
    publisher = new MqttPublisher(broker.uri(), List.of(silent, control), clock);
    publisher.start();
    awaitPayloads(TOPIC_1, 2);
    awaitPayloads(TOPIC_2, 2);

    silent.inject(FaultType.NO_RESPONSE, null, null, 0, null);
    int silentBefore = subscriber.payloads(TOPIC_1).size();
    int controlBefore = subscriber.payloads(TOPIC_2).size();
    // the heartbeat is 30 simulated minutes, 0.5 s real: ten heartbeats of the control device
    awaitPayloads(TOPIC_2, controlBefore + 10);

    // one report may have been on its way when the fault began
    assertThat(subscriber.payloads(TOPIC_1).size()).isLessThanOrEqualTo(silentBefore + 1);

    silent.clearFaults();
    awaitPayloads(TOPIC_1, subscriber.payloads(TOPIC_1).size() + 1);
  }

  @Test
  void reconnectsWhenTheBrokerComesBack() throws Exception {
    Clock clock = new ClockSettings(null, null, 3600).toClock(Clock.systemUTC());
    SimDevice smoke = smoke("smoke-1", clock);
    broker = Mosquitto.start(dir);
    int port = broker.port();
    subscriber = Subscriber.start(broker, TOPIC_1, TOPIC_1);
    publisher = new MqttPublisher(broker.uri(), List.of(smoke), clock);
    publisher.start();
    awaitPayloads(TOPIC_1, 1);

    subscriber.close();
    broker.close();
    broker = Mosquitto.start(dir, port);
    subscriber = Subscriber.start(broker, TOPIC_1, TOPIC_1);

    awaitPayloads(TOPIC_1, 2);
  }

  @Test
  void anUnreachableBrokerFailsStartNamingIt() {
    String nobody = "tcp://127.0.0.1:" + Ports.freeTcpPort();
    publisher =
        new MqttPublisher(nobody, List.of(smoke("smoke-1", Clock.systemUTC())), Clock.systemUTC());

    assertThatThrownBy(publisher::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining(nobody);
  }

  private void awaitPayloads(String topic, int count) throws InterruptedException {
    Poll.until(
        count + " messages on " + topic,
        LIMIT,
        () -> subscriber.payloads(topic).size() >= count,
        () -> subscriber.transcript() + "\n" + broker.transcript());
  }

  private static SimDevice smoke(String id, Clock clock) {
    return TestDevices.device(id, "smoke-nbiot-mqtt", new Transport.Mqtt(null), clock);
  }
}
