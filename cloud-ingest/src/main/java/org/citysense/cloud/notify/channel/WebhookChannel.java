package org.citysense.cloud.notify.channel;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs each message as JSON to a configured URL:
 *
 * <pre>{@code
 * {"reference":"d-42","to":"ops-bridge","text":"…","sent_at":"2026-11-22T05:00:00Z","data":{…}}
 * }</pre>
 *
 * with {@code X-Citysense-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with
 * the shared secret>} and {@code X-Citysense-Timestamp: <epoch seconds>} (the same instant is
 * {@code sent_at} inside the signed body, so a receiver can refuse old or replayed calls).
 *
 * <p>A webhook has no handset behind it: its 2xx answer is its delivery. The channel is therefore
 * {@link DeliveredOnSubmit}: it sends no receipt (one from inside {@link #send} would reach the
 * delivery log before the log knows the message was submitted), and whoever records deliveries
 * records a successful send as delivered. The provider id is our own reference. 5xx, 408, 429 and
 * no answer are retryable; other 4xx are final.
 */
public final class WebhookChannel implements Channel, DeliveredOnSubmit {
  public static final String SIGNATURE_HEADER = "X-Citysense-Signature";
  public static final String TIMESTAMP_HEADER = "X-Citysense-Timestamp";

  private final WebhookSettings settings;
  private final HttpClient client;
  private final Clock clock;

  public WebhookChannel(WebhookSettings settings) {
    this(settings, RequestTemplate.defaultClient(), Clock.systemUTC());
  }

  public WebhookChannel(WebhookSettings settings, HttpClient client, Clock clock) {
    this.settings = settings;
    this.client = client;
    this.clock = clock;
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public String send(OutboundMessage message) throws ChannelException {
    Instant now = clock.instant();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("reference", message.reference());
    payload.put("to", message.address());
    payload.put("text", message.text());
    payload.put("sent_at", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    payload.put("data", new LinkedHashMap<>(message.data()));
    byte[] body = RequestTemplate.toJson(payload).getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(settings.url())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header(SIGNATURE_HEADER, signature(settings.secret(), body))
            .header(TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    String what = "[channel: " + id() + ", reference: " + message.reference() + "]";
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new ChannelException("webhook did not answer in time " + what, true, e);
    } catch (IOException e) {
      throw new ChannelException("webhook not reachable " + what + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException("interrupted " + what, true, e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new ChannelException(
          "webhook answered HTTP " + status + " " + what,
          status == 408 || status == 429 || status >= 500,
          null);
    }
    return message.reference();
  }

  /** The header value for a body: {@code sha256=} and the hex HMAC-SHA256 keyed with secret. */
  public static String signature(String secret, byte[] body) {
    return "sha256=" + java.util.HexFormat.of().formatHex(Hmac.sha256(secret, body));
  }

  @Override
  public void close() {
    // nothing held
  }
}
