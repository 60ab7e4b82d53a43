package org.citysense.cloud.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WebhookChannel} against a JDK HTTP server on 127.0.0.1 that checks the signature. */
class WebhookChannelTest {
  private static final Instant NOW = Instant.parse("2026-11-22T05:00:00Z");
  private static final String SECRET = "whsec-城感-1";

  private LocalHttpReceiver receiver;
  private WebhookChannel channel;

  @BeforeEach
  void start() throws Exception {
    receiver = new LocalHttpReceiver();
    channel =
        new WebhookChannel(
            new WebhookSettings(
                "webhook", URI.create(receiver.url("/hooks/citysense")), SECRET, null),
            RequestTemplate.defaultClient(),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void theBodyIsSignedAndA2xxIsItsDelivery() throws Exception {
    assertThat(channel).isInstanceOf(DeliveredOnSubmit.class);
    String id =
        channel.send(
            new OutboundMessage(
                "ops-bridge", "3栋201 燃气泄漏", "d-42", Map.of("event", 4821, "severity", "critical")));

    assertThat(id).isEqualTo("d-42");
    LocalHttpReceiver.Request r = receiver.only();
    assertThat(r.uri().getPath()).isEqualTo("/hooks/citysense");
    assertThat(r.headers().getFirst("X-Citysense-Timestamp"))
        .isEqualTo(Long.toString(NOW.getEpochSecond()));
    // as a receiver verifies it: HMAC-SHA256 over the raw body bytes, compared in constant time
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
    assertThat(
            MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                r.headers().getFirst("X-Citysense-Signature").getBytes(StandardCharsets.US_ASCII)))
        .isTrue();
    JsonNode body = RequestTemplate.readJson(r.bodyText());
    assertThat(body.get("reference").asText()).isEqualTo("d-42");
    assertThat(body.get("to").asText()).isEqualTo("ops-bridge");
    assertThat(body.get("text").asText()).isEqualTo("3栋201 燃气泄漏");
    assertThat(body.get("sent_at").asText()).isEqualTo("2026-11-22T05:00:00Z");
    assertThat(body.at("/data/event").asInt()).isEqualTo(4821);
  }

  @Test
  void aTamperedBodyDoesNotVerify() throws Exception {
    channel.send(new OutboundMessage("ops", "a", "d-1", null));
    LocalHttpReceiver.Request r = receiver.only();
    byte[] tampered = r.bodyText().replace("\"a\"", "\"b\"").getBytes(StandardCharsets.UTF_8);

    assertThat(WebhookChannel.signature(SECRET, tampered))
        .isNotEqualTo(r.headers().getFirst("X-Citysense-Signature"));
    assertThat(WebhookChannel.signature(SECRET, r.body()))
        .isEqualTo(r.headers().getFirst("X-Citysense-Signature"));
  }

  @Test
  void serverErrorsAreRetryableClientErrorsAreNot() {
    OutboundMessage m = new OutboundMessage("ops", "a", "d-1", null);

    receiver.answer(502, "");
    assertThatThrownBy(() -> channel.send(m))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isTrue());
    receiver.answer(401, "");
    assertThatThrownBy(() -> channel.send(m))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isFalse());
    receiver.close();
    assertThatThrownBy(() -> channel.send(m))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isTrue());
  }
}
