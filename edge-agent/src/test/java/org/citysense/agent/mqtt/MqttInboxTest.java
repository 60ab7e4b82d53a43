package org.citysense.agent.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PushListener;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.RecordingListener;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;

class MqttInboxTest {
  private static final String SMOKE_TOPIC = "nbiot/smoke/smoke-1/up";

  private final Devices devices = new Devices();
  private final TopicRoutes routes =
      TopicRoutes.of(
          List.of(
              devices.bound("smoke-1", "smoke-nbiot-mqtt", new Transport.Mqtt(null)),
              devices.bound("sos-1", "alarm-button-mqtt", new Transport.Mqtt(null))));
  private final RecordingListener listener = new RecordingListener();
  private final MqttInbox inbox = new MqttInbox(routes, listener);

  @Test
  void aMessageGoesToItsDeviceWithThePointsOfItsTopicAsRawJson() {
    inbox.accept("sos/sos-1/event", bytes("{\"pressed\":true,\"battery\":95}"));

    RecordingListener.Received got = listener.received().get(0);
    assertThat(got.deviceId()).isEqualTo("sos-1");
    assertThat(got.points()).extracting(Point::name).containsExactly("pressed", "battery");
    assertThat(got.raw()).isInstanceOf(RawValue.Json.class);
    assertThat(got.decode("pressed").value()).isEqualTo(Value.of(true));
    assertThat(got.decode("battery").value()).isEqualTo(Value.of(95));
  }

  @Test
  void garbageIsAMalformedFailureForTheDevice() {
    inbox.accept(SMOKE_TOPIC, bytes("{\"alarm\":tru"));
    inbox.accept(SMOKE_TOPIC, bytes("17"));

    assertThat(listener.received()).isEmpty();
    assertThat(listener.failures("smoke-1"))
        .hasSize(2)
        .allMatch(f -> f.kind() == Failure.Kind.MALFORMED)
        .anyMatch(f -> f.message().contains("\"17\""));
  }

  @Test
  void aMessageOnAnUnknownTopicIsIgnored() {
    inbox.accept("nbiot/smoke/stranger/up", bytes("{\"alarm\":true}"));
    inbox.accept("nbiot/smoke/stranger/up", bytes("garbage"));

    assertThat(listener.received()).isEmpty();
    assertThat(listener.failures()).isEmpty();
  }

  @Test
  void aListenerThatThrowsDoesNotReachPaho() {
    PushListener throwing =
        new PushListener() {
          @Override
          public void received(String deviceId, List<Point> points, RawValue raw) {
            throw new IllegalStateException("buffer full");
          }

          @Override
          public void failed(String deviceId, Failure failure) {
            throw new IllegalStateException("buffer full");
          }
        };
    MqttInbox fragile = new MqttInbox(routes, throwing);

    fragile.accept(SMOKE_TOPIC, bytes("{\"alarm\":false}"));
    fragile.accept(SMOKE_TOPIC, bytes("not json"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
