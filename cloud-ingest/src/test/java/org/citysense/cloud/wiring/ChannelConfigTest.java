package org.citysense.cloud.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.citysense.cloud.notify.channel.Hmac;
import org.citysense.cloud.notify.channel.HttpSmsSettings;
import org.citysense.cloud.notify.channel.PushSettings;
import org.citysense.cloud.notify.channel.RequestSpec;
import org.junit.jupiter.api.Test;

/** The HTTP SMS and push keys become the channels' settings; a bad key is named. */
class ChannelConfigTest {
  private static ChannelConfig of(Map<String, String> keys) {
    return new ChannelConfig(
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(keys, "test", 500))
            .build());
  }

  private static Map<String, String> sms() {
    Map<String, String> m = new HashMap<>();
    m.put("citysense.notify.http-sms.url", "https://sms.example/v2/send?account=cs");
    m.put("citysense.notify.http-sms.headers.\"X-Timestamp\"", "{timestamp_s}");
    m.put("citysense.notify.http-sms.headers.X-Signature", "{sign}");
    m.put("citysense.notify.http-sms.body", "{\"phone\":\"{to_digits}\",\"content\":\"{text}\"}");
    m.put("citysense.notify.http-sms.body-format", "json");
    m.put("citysense.notify.http-sms.signing.string-to-sign", "{timestamp_s}\n{body}");
    m.put("citysense.notify.http-sms.signing.secret", "s3cret");
    m.put("citysense.notify.http-sms.signing.encoding", "base64");
    m.put("citysense.notify.http-sms.success-pointer", "/Code");
    m.put("citysense.notify.http-sms.success-value", "OK");
    m.put("citysense.notify.http-sms.retryable-values", "BUSY,LIMIT");
    m.put("citysense.notify.http-sms.id-pointer", "/BizId");
    m.put("citysense.notify.http-sms.timeout", "5s");
    m.put("citysense.notify.http-sms.callback.id-pointer", "/biz_id");
    m.put("citysense.notify.http-sms.callback.status-pointer", "/success");
    m.put("citysense.notify.http-sms.callback.delivered-value", "true");
    m.put("citysense.notify.http-sms.callback.detail-pointer", "/err_code");
    return m;
  }

  @Test
  void everyHttpSmsKeyReachesItsSetting() {
    HttpSmsSettings s = of(sms()).httpSms().orElseThrow();
    RequestSpec r = s.request();
    assertThat(s.id()).isEqualTo("http-sms");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.url()).isEqualTo("https://sms.example/v2/send?account=cs");
    assertThat(r.headers())
        .isEqualTo(Map.of("X-Timestamp", "{timestamp_s}", "X-Signature", "{sign}"));
    assertThat(r.body()).contains("{to_digits}");
    assertThat(r.bodyFormat()).isEqualTo(RequestSpec.BodyFormat.JSON);
    assertThat(r.signing())
        .isEqualTo(
            new RequestSpec.Signing("{timestamp_s}\n{body}", "s3cret", Hmac.Encoding.BASE64));
    assertThat(r.successPointer()).isEqualTo("/Code");
    assertThat(r.successValue()).isEqualTo("OK");
    assertThat(r.retryableValues()).isEqualTo(Set.of("BUSY", "LIMIT"));
    assertThat(r.idPointer()).isEqualTo("/BizId");
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.callback())
        .isEqualTo(new HttpSmsSettings.Callback("/biz_id", "/success", "true", "/err_code"));
    assertThat(of(sms()).push()).isEmpty();
  }

  @Test
  void pushTakesItsCredentialAndTitle() {
    PushSettings p =
        of(Map.of(
                "citysense.notify.push.url", "https://fcm.example/v1/messages:send",
                "citysense.notify.push.body", "{\"token\":\"{to}\",\"data\":{data}}",
                "citysense.notify.push.auth-value", "Bearer abc",
                "citysense.notify.push.default-title", "CitySense Test"))
            .push()
            .orElseThrow();
    assertThat(p.authHeader()).isEqualTo("Authorization");
    assertThat(p.authValue()).isEqualTo("Bearer abc");
    assertThat(p.defaultTitle()).isEqualTo("CitySense Test");
    assertThat(p.request().idPointer()).isNull();
    assertThat(p.request().signing()).isNull();
  }

  @Test
  void nothingConfiguredIsNoChannel() {
    assertThat(of(Map.of()).httpSms()).isEmpty();
    assertThat(of(Map.of()).push()).isEmpty();
  }

  @Test
  void aWrongOrMissingKeyIsNamed() {
    assertProblem("citysense.notify.http-sms.body-format", "XML", "body-format: one of");
    assertProblem("citysense.notify.http-sms.timeout", "soon", "http-sms.timeout:");
    assertProblem("citysense.notify.http-sms.id-pointer", "BizId", "http-sms.id-pointer:");
    assertProblem("citysense.notify.http-sms.url", "sms.example/send", "http-sms.url:");
    assertProblem(
        "citysense.notify.http-sms.signing.encoding", "hex32", "http-sms.signing.encoding:");
    Map<String, String> noValue = sms();
    noValue.remove("citysense.notify.http-sms.success-value");
    assertThatThrownBy(() -> of(noValue).httpSms())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("citysense.notify.http-sms.success-value is required");
    Map<String, String> noStatus = sms();
    noStatus.remove("citysense.notify.http-sms.callback.status-pointer");
    assertThatThrownBy(() -> of(noStatus).httpSms())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("citysense.notify.http-sms.callback.status-pointer is required");
    assertThatThrownBy(() -> of(Map.of("citysense.notify.push.auth-value", "Bearer abc")).push())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("citysense.notify.push.url is required");
  }

  @Test
  void theSmsChannelIsTheOneChosenOrSmppFirst() {
    assertThat(of(Map.of()).smsChannel(true, true)).isEqualTo("smpp");
    assertThat(of(Map.of()).smsChannel(false, true)).isEqualTo("http-sms");
    assertThat(of(Map.of()).smsChannel(false, false)).isEqualTo("smpp");
    Map<String, String> http = Map.of("citysense.notify.sms-channel", "http-sms");
    assertThat(of(http).smsChannel(true, true)).isEqualTo("http-sms");
    assertThatThrownBy(() -> of(http).smsChannel(true, false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "citysense.notify.sms-channel is http-sms but citysense.notify.http-sms.url is not set");
    assertThatThrownBy(
            () -> of(Map.of("citysense.notify.sms-channel", "sms")).smsChannel(true, true))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("citysense.notify.sms-channel: smpp or http-sms, not 'sms'");
  }

  private static void assertProblem(String key, String value, String message) {
    Map<String, String> m = sms();
    m.put(key, value);
    assertThatThrownBy(() -> of(m).httpSms())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message);
  }
}
