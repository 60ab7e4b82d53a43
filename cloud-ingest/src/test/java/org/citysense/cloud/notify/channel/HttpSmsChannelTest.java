package org.citysense.cloud.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpSmsChannel} against a JDK HTTP server on 127.0.0.1. */
class HttpSmsChannelTest {
  private static final Instant NOW = Instant.parse("2026-11-22T05:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String TEXT = "【城感】紧急：3栋201 燃气泄漏。回复 4821 或 1 确认 \"quoted\"";

  private LocalHttpReceiver provider;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void start() throws Exception {
    provider = new LocalHttpReceiver();
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private HttpSmsChannel channel(RequestSpec spec, HttpSmsSettings.Callback callback) {
    return new HttpSmsChannel(
        new HttpSmsSettings("http-sms", spec, callback),
        listener,
        RequestTemplate.defaultClient(),
        CLOCK);
  }

  private RequestSpec jsonSpec() {
    return new RequestSpec(
            "POST",
            provider.url("/sms/send?account=citysense&ts={timestamp}"),
            Map.of("X-Sign", "{sign}", "X-Time", "{timestamp_s}"),
            "{\"phone\":\"{to_digits}\",\"content\":\"{text}\",\"outId\":\"{reference}\"}",
            RequestSpec.BodyFormat.JSON,
            null,
            null,
            null,
            null,
            null,
            null)
        .withSigning(
            new RequestSpec.Signing("{timestamp_s}\n{body}", "s3cret", Hmac.Encoding.BASE64))
        .withAnswer("/Code", "OK", Set.of("isv.BUSINESS_LIMIT_CONTROL"), "/BizId");
  }

  @Test
  void theRenderedRequestCarriesTheMessageAndAValidSignature() throws Exception {
    provider.answer(200, "{\"Code\":\"OK\",\"BizId\":\"900619746936498440^0\"}");

    String id =
        channel(jsonSpec(), null)
            .send(new OutboundMessage("+8613800138000", TEXT, "d-42", Map.of()));

    assertThat(id).isEqualTo("900619746936498440^0");
    LocalHttpReceiver.Request r = provider.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri().getPath()).isEqualTo("/sms/send");
    assertThat(r.uri().getQuery()).isEqualTo("account=citysense&ts=" + NOW.toEpochMilli());
    assertThat(r.headers().getFirst("Content-Type")).startsWith("application/json");
    assertThat(r.headers().getFirst("X-Time")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    String body = r.bodyText();
    assertThat(RequestTemplate.readJson(body).get("content").asText()).isEqualTo(TEXT);
    assertThat(RequestTemplate.readJson(body).get("phone").asText()).isEqualTo("8613800138000");
    assertThat(RequestTemplate.readJson(body).get("outId").asText()).isEqualTo("d-42");
    // the provider's side, independently: HMAC-SHA256(secret, "<epoch s>\n<body>"), base64
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected =
        mac.doFinal((NOW.getEpochSecond() + "\n" + body).getBytes(StandardCharsets.UTF_8));
    assertThat(r.headers().getFirst("X-Sign"))
        .isEqualTo(Base64.getEncoder().encodeToString(expected));
  }

  @Test
  void aFormBodyIsPercentEncodedAndAHexSignatureCanSitInTheUrl() throws Exception {
    RequestSpec spec =
        new RequestSpec(
            "POST",
            provider.url("/send?sig={sign}"),
            Map.of(),
            "to={to}&msg={text}&ref={reference}",
            RequestSpec.BodyFormat.FORM,
            new RequestSpec.Signing("{to}|{text}|{timestamp}", "k", Hmac.Encoding.HEX),
            null,
            null,
            null,
            null,
            null);

    String id =
        channel(spec, null).send(new OutboundMessage("+8613800138000", "a&b=c 中", "d-7", null));

    assertThat(id).as("no id pointer: our reference").isEqualTo("d-7");
    LocalHttpReceiver.Request r = provider.only();
    assertThat(r.headers().getFirst("Content-Type"))
        .startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = formOf(r.bodyText());
    assertThat(form)
        .containsEntry("to", "+8613800138000")
        .containsEntry("msg", "a&b=c 中")
        .containsEntry("ref", "d-7");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("k".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(
                mac.doFinal(
                    ("+8613800138000|a&b=c 中|" + NOW.toEpochMilli())
                        .getBytes(StandardCharsets.UTF_8)));
    assertThat(r.uri().getQuery()).isEqualTo("sig=" + expected);
  }

  @Test
  void failuresMapToRetryableOrNot() {
    HttpSmsChannel channel = channel(jsonSpec(), null);
    OutboundMessage m = new OutboundMessage("+8613800138000", TEXT, "d-1", null);

    provider.answer(503, "busy");
    assertRetryable(channel, m, true);
    provider.answer(429, "slow down");
    assertRetryable(channel, m, true);
    provider.answer(400, "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\"}");
    assertRetryable(channel, m, false);
    provider.answer(200, "{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\"}");
    assertRetryable(channel, m, false);
    provider.answer(200, "{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\"}");
    assertRetryable(channel, m, true);
    provider.answer(200, "<html>not an API</html>");
    assertRetryable(channel, m, false);

    String deadUrl = provider.url("/");
    provider.close();
    HttpSmsChannel nobody =
        channel(RequestSpec.postJson(deadUrl, Map.of(), "{\"to\":\"{to}\"}"), null);
    assertRetryable(nobody, m, true);
  }

  @Test
  void jsonCallbacksBecomeReceipts() {
    HttpSmsChannel channel =
        channel(
            jsonSpec(), new HttpSmsSettings.Callback("/biz_id", "/success", "true", "/err_code"));

    int n =
        channel.handleCallback(
            "[{\"biz_id\":\"900^0\",\"success\":true,\"err_code\":\"DELIVERED\"},"
                + "{\"biz_id\":\"901^0\",\"success\":false,\"err_code\":\"MK:0001\"},"
                + "{\"success\":true}]");

    assertThat(n).isEqualTo(2);
    assertThat(listener.receipts)
        .containsExactly(
            new RecordingListener.Receipt("http-sms", "900^0", true, "DELIVERED"),
            new RecordingListener.Receipt("http-sms", "901^0", false, "MK:0001"));
  }

  @Test
  void formCallbacksBecomeReceipts() {
    HttpSmsChannel channel =
        channel(jsonSpec(), new HttpSmsSettings.Callback("/msgid", "/stat", "DELIVRD", null));

    assertThat(channel.handleCallback(Map.of("msgid", "abc", "stat", "DELIVRD"))).isOne();
    assertThat(channel.handleCallback(Map.of("msgid", "abd", "stat", "UNDELIV"))).isOne();
    assertThat(channel.handleCallback(Map.of("stat", "DELIVRD"))).isZero();

    assertThat(listener.receipts)
        .containsExactly(
            new RecordingListener.Receipt("http-sms", "abc", true, "DELIVRD"),
            new RecordingListener.Receipt("http-sms", "abd", false, "UNDELIV"));
  }

  private static void assertRetryable(HttpSmsChannel c, OutboundMessage m, boolean retryable) {
    assertThatThrownBy(() -> c.send(m))
        .isInstanceOfSatisfying(
            ChannelException.class, e -> assertThat(e.retryable()).isEqualTo(retryable));
  }

  private static Map<String, String> formOf(String body) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
