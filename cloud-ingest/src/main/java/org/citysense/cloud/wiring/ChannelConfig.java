package org.citysense.cloud.wiring;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.citysense.cloud.notify.channel.Hmac;
import org.citysense.cloud.notify.channel.HttpSmsSettings;
import org.citysense.cloud.notify.channel.PushSettings;
import org.citysense.cloud.notify.channel.RequestSpec;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Reads the HTTP SMS and push channels from {@code citysense.notify.http-sms.*} and {@code
 * citysense.notify.push.*} (see {@code docs/notifications.md}): one key per {@link RequestSpec}
 * component, kebab-cased, and {@code headers.<Name>} per header. A wrong or missing value is a
 * {@link ConfigurationException} naming the key.
 */
final class ChannelConfig {
  private static final Logger LOG = Logger.getLogger(ChannelConfig.class);
  static final String HTTP_SMS = "citysense.notify.http-sms.";
  static final String PUSH = "citysense.notify.push.";

  private final Config config;

  ChannelConfig(Config config) {
    this.config = config;
  }

  /** The HTTP SMS provider, when {@code citysense.notify.http-sms.url} is set. */
  Optional<HttpSmsSettings> httpSms() {
    if (string(HTTP_SMS + "url").isEmpty()) {
      refuseStray(HTTP_SMS);
      return Optional.empty();
    }
    return Optional.of(new HttpSmsSettings(null, request(HTTP_SMS), callback(HTTP_SMS)));
  }

  /** The push provider, when {@code citysense.notify.push.url} is set. */
  Optional<PushSettings> push() {
    if (string(PUSH + "url").isEmpty()) {
      refuseStray(PUSH);
      return Optional.empty();
    }
    return Optional.of(
        new PushSettings(
            null,
            request(PUSH),
            string(PUSH + "auth-header").orElse(null),
            string(PUSH + "auth-value").orElse(null),
            string(PUSH + "default-title").orElse(null)));
  }

  /**
   * Which channel the policy sends SMS by: {@code citysense.notify.sms-channel} when set (that
   * channel must be configured), else SMPP when it is, else HTTP SMS when it is.
   */
  String smsChannel(boolean smpp, boolean httpSms) {
    String key = "citysense.notify.sms-channel";
    Optional<String> chosen = string(key);
    if (chosen.isEmpty()) {
      if (!smpp && !httpSms) {
        LOG.warn(
            "no SMS channel: neither citysense.notify.smpp.host nor citysense.notify.http-sms.url"
                + " is set");
      }
      return smpp || !httpSms ? "smpp" : "http-sms";
    }
    String id = chosen.get();
    if (!id.equals("smpp") && !id.equals("http-sms")) {
      throw new ConfigurationException(key + ": smpp or http-sms, not '" + id + "'");
    }
    if (id.equals("smpp") ? !smpp : !httpSms) {
      throw new ConfigurationException(
          key
              + " is "
              + id
              + " but "
              + (id.equals("smpp") ? "citysense.notify.smpp.host" : HTTP_SMS + "url")
              + " is not set");
    }
    return id;
  }

  private RequestSpec request(String p) {
    Optional<String> sign = string(p + "signing.string-to-sign");
    Optional<String> secret = string(p + "signing.secret");
    RequestSpec.Signing signing = null;
    if (sign.isPresent() || secret.isPresent()) {
      signing =
          new RequestSpec.Signing(
              sign.orElseThrow(() -> missing(p + "signing.string-to-sign", p + "signing.secret")),
              secret.orElseThrow(() -> missing(p + "signing.secret", p + "signing.string-to-sign")),
              string(p + "signing.encoding")
                  .map(v -> oneOf(p + "signing.encoding", v, Hmac.Encoding.class))
                  .orElse(null));
    }
    Optional<String> successPointer =
        string(p + "success-pointer").map(v -> pointer(p + "success-pointer", v));
    Optional<String> successValue = string(p + "success-value");
    if (successPointer.isPresent() != successValue.isPresent()) {
      throw successPointer.isPresent()
          ? missing(p + "success-value", p + "success-pointer")
          : missing(p + "success-pointer", p + "success-value");
    }
    String method = string(p + "method").map(m -> m.toUpperCase(Locale.ROOT)).orElse(null);
    if (method != null && !method.matches("[A-Z]+")) {
      throw new ConfigurationException(p + "method: not an HTTP method: '" + method + "'");
    }
    String url = string(p + "url").orElseThrow();
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new ConfigurationException(p + "url: must start with http:// or https://: " + url);
    }
    return new RequestSpec(
        method,
        url,
        headers(p),
        string(p + "body").orElse(null),
        string(p + "body-format")
            .map(v -> oneOf(p + "body-format", v, RequestSpec.BodyFormat.class))
            .orElse(null),
        signing,
        successPointer.orElse(null),
        successValue.orElse(null),
        config
            .getOptionalValues(p + "retryable-values", String.class)
            .map(LinkedHashSet::new)
            .orElse(null),
        string(p + "id-pointer").map(v -> pointer(p + "id-pointer", v)).orElse(null),
        string(p + "timeout").map(v -> duration(p + "timeout", v)).orElse(null));
  }

  /** The delivery reports' reading, when any {@code callback.*} key is set (HTTP SMS only). */
  private HttpSmsSettings.Callback callback(String p) {
    String c = p + "callback.";
    List<String> keys = List.of("id-pointer", "status-pointer", "delivered-value");
    if (keys.stream().allMatch(k -> string(c + k).isEmpty())
        && string(c + "detail-pointer").isEmpty()) {
      return null;
    }
    for (String k : keys) {
      if (string(c + k).isEmpty()) {
        throw new ConfigurationException(
            c + k + " is required when any " + c + "* key is set (the delivery reports' reading)");
      }
    }
    return new HttpSmsSettings.Callback(
        pointer(c + "id-pointer", string(c + "id-pointer").orElseThrow()),
        pointer(c + "status-pointer", string(c + "status-pointer").orElseThrow()),
        string(c + "delivered-value").orElseThrow(),
        string(c + "detail-pointer").map(v -> pointer(c + "detail-pointer", v)).orElse(null));
  }

  private Map<String, String> headers(String p) {
    String prefix = p + "headers.";
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(prefix)) {
        String header = name.substring(prefix.length());
        if (header.length() > 1 && header.startsWith("\"") && header.endsWith("\"")) {
          header = header.substring(1, header.length() - 1);
        }
        if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
          throw new ConfigurationException(name + ": not a valid header name: '" + header + "'");
        }
        String value = string(name).orElse("");
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
          throw new ConfigurationException(name + ": a header value cannot hold a line break");
        }
        headers.put(header, value);
      }
    }
    return headers;
  }

  /** Settings of a provider without its URL would be silently ignored: refuse them instead. */
  private void refuseStray(String p) {
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(p) && string(name).isPresent()) {
        throw new ConfigurationException(
            p + "url is required with " + name + " (the provider's send API)");
      }
    }
  }

  private Optional<String> string(String key) {
    return config.getOptionalValue(key, String.class).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static String pointer(String key, String v) {
    if (!v.startsWith("/")) {
      throw new ConfigurationException(
          key + ": a JSON pointer starts with '/', e.g. /Code, not '" + v + "'");
    }
    return v;
  }

  private static <E extends Enum<E>> E oneOf(String key, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          key
              + ": one of "
              + java.util.Arrays.toString(type.getEnumConstants())
              + ", not '"
              + value
              + "'");
    }
  }

  private static Duration duration(String key, String value) {
    try {
      Duration d = DurationConverter.parseDuration(value);
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("not positive");
      }
      return d;
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          key + ": a positive duration such as 10s or 500ms, not '" + value + "'");
    }
  }

  private static ConfigurationException missing(String key, String with) {
    return new ConfigurationException(key + " is required with " + with);
  }
}
