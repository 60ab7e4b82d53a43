package org.citysense.cloud.mqtt;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * The messaging edge of MQTT ingest: channel {@code gateway-batches} in, {@code gateway-replies}
 * out, both disabled unless {@code citysense.mqtt.enabled=true} (then nothing connects to a
 * broker).
 */
@ApplicationScoped
public class MqttIngest {
  @Inject MqttBatchHandler handler;
  @Inject Clock clock;

  @Incoming("gateway-batches")
  @Outgoing("gateway-replies")
  @Blocking
  public Message<byte[]> onBatch(Message<byte[]> message) {
    String topic =
        message
            .getMetadata(ReceivingMqttMessageMetadata.class)
            .map(ReceivingMqttMessageMetadata::getTopic)
            .orElse(null);
    Optional<MqttBatchHandler.Reply> reply =
        handler.handle(topic, message.getPayload(), clock.instant());
    message.ack();
    return reply
        .<Message<byte[]>>map(
            r ->
                MqttMessage.of(
                    r.topic(), r.payload(), io.netty.handler.codec.mqtt.MqttQoS.AT_LEAST_ONCE))
        .orElse(null);
  }
}
