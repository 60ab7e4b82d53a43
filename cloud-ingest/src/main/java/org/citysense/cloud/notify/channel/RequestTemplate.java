package org.citysense.cloud.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The small template engine the HTTP channels share (SMS gateways, push services): renders a {@link
 * RequestSpec} with a message's values, sends it, and reads the provider's answer.
 *
 * <p>Placeholders are {@code {name}}; names nobody set stay as written (so JSON braces are safe).
 * Besides the caller's values ({@code {to}}, {@code {text}}, {@code {reference}}, {@code {title}},
 * {@code {body}}, {@code {data}}…) every request has {@code {timestamp}} (epoch milliseconds),
 * {@code {timestamp_s}} (epoch seconds), {@code {iso_time}} (UTC, {@code 2026-11-22T05:00:00Z}),
 * {@code {nonce}} (a random UUID) and, with signing, {@code {sign}}. Escaping follows where a value
 * lands: percent-encoding in the URL and in form bodies, JSON string escaping in JSON bodies (so
 * write {@code "{text}"} inside quotes), nothing in headers (CR/LF refused). Values the caller
 * marks as JSON (push's {@code {data}}) go into a JSON body as they are: write them unquoted.
 *
 * <p>Outcome: no answer or a timeout, 408, 429 and 5xx are retryable; other non-2xx are final; a
 * 2xx whose success pointer holds another value is retryable only for the configured values.
 */
public final class RequestTemplate {
  private static final Logger LOG = Logger.getLogger(RequestTemplate.class);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as it goes out. */
  public record Rendered(String method, URI uri, Map<String, String> headers, String body) {}

  private final RequestSpec spec;
  private final HttpClient client;
  private final Clock clock;
  private final Supplier<String> nonces;

  public RequestTemplate(RequestSpec spec, HttpClient client, Clock clock) {
    this(spec, client, clock, () -> UUID.randomUUID().toString());
  }

  public RequestTemplate(
      RequestSpec spec, HttpClient client, Clock clock, Supplier<String> nonces) {
    this.spec = spec;
    this.client = client;
    this.clock = clock;
    this.nonces = nonces;
  }

  /** An HTTP/1.1 client, as the channels use when given none. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(java.time.Duration.ofSeconds(5))
        .build();
  }

  /**
   * @param values placeholder values, unescaped
   * @param jsonValues names among {@code values} that hold JSON, inserted raw into JSON bodies
   */
  public Rendered render(Map<String, String> values, Set<String> jsonValues) {
    return render(values, jsonValues, Map.of());
  }

  /**
   * As {@link #render(Map, Set)}, adding {@code fixedHeaders} as they are (credentials that come
   * from elsewhere than the spec).
   */
  public Rendered render(
      Map<String, String> values, Set<String> jsonValues, Map<String, String> fixedHeaders) {
    Map<String, String> all = new HashMap<>(values);
    Instant now = clock.instant();
    all.putIfAbsent("timestamp", Long.toString(now.toEpochMilli()));
    all.putIfAbsent("timestamp_s", Long.toString(now.getEpochSecond()));
    all.putIfAbsent(
        "iso_time", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
    all.putIfAbsent("nonce", nonces.get());
    if (spec.signing() != null) {
      Map<String, String> toSign = new HashMap<>(all);
      if (spec.body() != null && !spec.body().contains("{sign}")) {
        toSign.put("body", renderBody(all, jsonValues));
      }
      String data = fill(spec.signing().stringToSign(), toSign, v -> v);
      all.put("sign", Hmac.sha256(spec.signing().secret(), data, spec.signing().encoding()));
    }
    URI uri = URI.create(fill(spec.url(), all, RequestTemplate::percent));
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : spec.headers().entrySet()) {
      String v = fill(h.getValue(), all, Function.identity());
      if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "line break in header value [header: " + h.getKey() + "]");
      }
      headers.put(h.getKey(), v);
    }
    fixedHeaders.forEach(headers::put);
    String body = spec.body() == null ? null : renderBody(all, jsonValues);
    if (body != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
      headers.put("Content-Type", spec.bodyFormat().contentType());
    }
    return new Rendered(spec.method(), uri, headers, body);
  }

  /**
   * Renders, sends and reads the answer.
   *
   * @param fallbackId the id to return when the spec names no id pointer (our reference)
   * @return the provider's message id
   */
  public String submit(Map<String, String> values, Set<String> jsonValues, String fallbackId)
      throws ChannelException {
    return submit(values, jsonValues, Map.of(), fallbackId);
  }

  /** As {@link #submit(Map, Set, String)}, with headers added as they are. */
  public String submit(
      Map<String, String> values,
      Set<String> jsonValues,
      Map<String, String> fixedHeaders,
      String fallbackId)
      throws ChannelException {
    Rendered r = render(values, jsonValues, fixedHeaders);
    String what =
        "[url: " + r.uri().getHost() + r.uri().getPath() + ", reference: " + fallbackId + "]";
    HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(spec.timeout());
    r.headers().forEach(b::header);
    b.method(
        r.method(),
        r.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new ChannelException("provider did not answer in time " + what, true, e);
    } catch (IOException e) {
      throw new ChannelException("provider not reachable " + what + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException("interrupted " + what, true, e);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      boolean retryable = status == 408 || status == 429 || status >= 500;
      throw new ChannelException(
          "provider answered HTTP " + status + " " + what + ": " + shorten(response.body()),
          retryable,
          null);
    }
    if (spec.successPointer() == null && spec.idPointer() == null) {
      return fallbackId;
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ChannelException(
          "provider's answer is not JSON " + what + ": " + shorten(response.body()), false, e);
    }
    if (spec.successPointer() != null) {
      String got = text(answer, spec.successPointer());
      if (!spec.successValue().equals(got)) {
        throw new ChannelException(
            "provider refused ["
                + spec.successPointer()
                + ": "
                + got
                + "] "
                + what
                + ": "
                + shorten(response.body()),
            spec.retryableValues().contains(got),
            null);
      }
    }
    if (spec.idPointer() == null) {
      return fallbackId;
    }
    String id = text(answer, spec.idPointer());
    if (id == null || id.isEmpty()) {
      LOG.warnf(
          "no message id at %s in the answer, using our reference %s", spec.idPointer(), what);
      return fallbackId;
    }
    return id;
  }

  /** The text at a JSON pointer, or null when absent. */
  static String text(JsonNode node, String pointer) {
    JsonNode n = node.at(pointer);
    if (n.isMissingNode() || n.isNull()) {
      return null;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode readJson(String text) throws IOException {
    return JSON.readTree(text);
  }

  private String renderBody(Map<String, String> all, Set<String> jsonValues) {
    switch (spec.bodyFormat()) {
      case JSON:
        return fill(spec.body(), all, jsonValues, RequestTemplate::jsonEscape);
      case FORM:
        return fill(spec.body(), all, RequestTemplate::percent);
      default:
        return fill(spec.body(), all, Function.identity());
    }
  }

  private static String fill(
      String template, Map<String, String> values, Function<String, String> escape) {
    return fill(template, values, Set.of(), escape);
  }

  private static String fill(
      String template,
      Map<String, String> values,
      Set<String> raw,
      Function<String, String> escape) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v = values.get(name);
      String out = v == null ? m.group() : raw.contains(name) ? v : escape.apply(v);
      m.appendReplacement(sb, Matcher.quoteReplacement(out));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static String percent(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String jsonEscape(String v) {
    String quoted = toJson(v);
    return quoted.substring(1, quoted.length() - 1);
  }

  private static String shorten(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
