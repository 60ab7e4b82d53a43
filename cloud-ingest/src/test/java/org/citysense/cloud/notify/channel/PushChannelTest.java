package org.citysense.cloud.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PushChannel} against a JDK HTTP server on 127.0.0.1, with an FCM-shaped template. */
class PushChannelTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"), ZoneOffset.UTC);

  private LocalHttpReceiver provider;

  @BeforeEach
  void start() throws Exception {
    provider = new LocalHttpReceiver();
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private RequestSpec fcmLike() {
    return RequestSpec.postJson(
            provider.url("/v1/projects/citysense/messages:send"),
            Map.of(),
            "{\"message\":{\"token\":\"{to}\",\"notification\":{\"title\":\"{title}\","
                + "\"body\":\"{body}\"},\"data\":{data}}}")
        .withAnswer(null, null, null, "/name");
  }

  @Test
  void theRequestCarriesTokenTitleBodyDataAndTheBearerToken() throws Exception {
    provider.answer(200, "{\"name\":\"projects/citysense/messages/0:1500415314455276%31bd1c96\"}");
    PushChannel channel =
        new PushChannel(
            new PushSettings("push", fcmLike(), null, "Bearer ya29.token", "城感"),
            () -> "Bearer ya29.token",
            RequestTemplate.defaultClient(),
            CLOCK);

    String id =
        channel.send(
            new OutboundMessage(
                "fcm-token-1",
                "3栋201 燃气泄漏",
                "d-9",
                Map.of("event", 4821, "severity", "critical", "title", "紧急")));

    assertThat(id).isEqualTo("projects/citysense/messages/0:1500415314455276%31bd1c96");
    LocalHttpReceiver.Request r = provider.only();
    assertThat(r.headers().getFirst("Authorization")).isEqualTo("Bearer ya29.token");
    JsonNode msg = RequestTemplate.readJson(r.bodyText()).get("message");
    assertThat(msg.get("token").asText()).isEqualTo("fcm-token-1");
    assertThat(msg.at("/notification/title").asText()).isEqualTo("紧急");
    assertThat(msg.at("/notification/body").asText()).isEqualTo("3栋201 燃气泄漏");
    assertThat(msg.at("/data/event").asInt()).isEqualTo(4821);
    assertThat(msg.at("/data/severity").asText()).isEqualTo("critical");
  }

  @Test
  void aStaticAuthHeaderFromSettingsAndTheDefaultTitle() throws Exception {
    RequestSpec vendor =
        RequestSpec.postJson(
                provider.url("/push"),
                Map.of(),
                "{\"regId\":\"{to}\",\"title\":\"{title}\",\"content\":\"{body}\"}")
            .withAnswer("/code", "0", null, null);
    provider.answer(200, "{\"code\":\"0\"}");
    PushChannel channel =
        new PushChannel(new PushSettings("push-vendor", vendor, "authToken", "abc123", null));

    assertThat(channel.send(new OutboundMessage("reg-1", "hi", "d-1", null))).isEqualTo("d-1");

    LocalHttpReceiver.Request r = provider.only();
    assertThat(r.headers().getFirst("authToken")).isEqualTo("abc123");
    assertThat(RequestTemplate.readJson(r.bodyText()).get("title").asText()).isEqualTo("CitySense");
  }

  @Test
  void aRotatingCredentialIsAskedOnEverySendAndRefusalsMap() {
    AtomicInteger asked = new AtomicInteger();
    PushChannel channel =
        new PushChannel(
            new PushSettings("push", fcmLike(), null, null, null),
            () -> "Bearer t" + asked.incrementAndGet(),
            RequestTemplate.defaultClient(),
            CLOCK);
    OutboundMessage m = new OutboundMessage("stale-token", "x", "d-2", null);

    provider.answer(404, "{\"error\":{\"status\":\"NOT_FOUND\"}}"); // unregistered token
    assertThatThrownBy(() -> channel.send(m))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isFalse());
    provider.answer(503, "{}");
    assertThatThrownBy(() -> channel.send(m))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isTrue());

    assertThat(provider.requests)
        .extracting(r -> r.headers().getFirst("Authorization"))
        .containsExactly("Bearer t1", "Bearer t2");
  }
}
