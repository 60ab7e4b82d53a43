package org.citysense.agent.uplink;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.WireWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch as {@code POST <cloud>/api/v1/ingest}: gzip-compressed wire JSON with the
 * gateway's bearer token. Over HTTPS it trusts the JVM's CAs, or, when a CA file is given, exactly
 * the certificates in it. The token is never logged and never put in a message.
 */
public final class HttpUplink implements Uplink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpUplink.class);
  static final String PATH = "/api/v1/ingest";

  private final URI endpoint;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient client;
  private final Clock clock;
  private final WireWriter codec = new WireWriter();
  private final ReplyJson json = new ReplyJson();

  /**
   * @param cloud the cloud's base URI, e.g. {@code https://cloud.example} (a path prefix is kept)
   * @param token the gateway's bearer token (the secret itself)
   * @param caFile PEM certificates to trust instead of the JVM's CAs, or null
   * @param timeout bounds connecting and each request, answer included
   * @throws IllegalArgumentException when the URI is not http(s) or the CA file is not usable
   */
  public HttpUplink(URI cloud, String token, Path caFile, Duration timeout) {
    this(cloud, token, caFile, timeout, Clock.systemUTC());
  }

  HttpUplink(URI cloud, String token, Path caFile, Duration timeout, Clock clock) {
    if (cloud == null
        || cloud.getScheme() == null
        || !(cloud.getScheme().equals("http") || cloud.getScheme().equals("https"))
        || cloud.getHost() == null) {
      throw new IllegalArgumentException(
          "the cloud URI must be http(s)://host[:port], not " + cloud);
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("no gateway token given");
    }
    String base = cloud.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(base + PATH);
    this.authorization = "Bearer " + token.strip();
    this.timeout = timeout;
    this.clock = clock;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (caFile != null) {
      builder.sslContext(TrustedCas.sslContext(caFile));
    } else if (cloud.getScheme().equals("http")) {
      // no TLS to set up for a plain-http cloud (redirects are not followed)
      builder.sslContext(NoTls.context()).sslParameters(NoTls.parameters());
    }
    this.client = builder.build();
  }

  @Override
  public UplinkReply send(Batch batch) throws UplinkException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "gzip")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encodeGzip(batch)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new UplinkException(
          "no answer from " + endpoint + " within " + timeout.toMillis() + " ms", null, false, e);
    } catch (ConnectException e) {
      throw new UplinkException("cannot connect to " + endpoint + ": " + reason(e), null, false, e);
    } catch (SSLException e) {
      throw new UplinkException(
          "TLS with "
              + endpoint
              + " failed: "
              + reason(e)
              + "; check the cloud's certificate and the uplink's caFile",
          null,
          true,
          e);
    } catch (IOException e) {
      throw new UplinkException("cannot send to " + endpoint + ": " + reason(e), null, false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UplinkException("interrupted while sending to " + endpoint, null, false, e);
    }
    int status = response.statusCode();
    if (status == 200) {
      try {
        return json.reply(response.body());
      } catch (IOException e) {
        throw new UplinkException(
            endpoint + " answered 200 without an ingest reply: " + e.getMessage(), null, false, e);
      }
    }
    ReplyJson.Answer error = json.error(status, response.body());
    Duration retryAfter =
        response
            .headers()
            .firstValue("Retry-After")
            .map(v -> retryAfter(v, clock.instant()))
            .orElse(null);
    UplinkException refusal = Refusals.of(status, error.error(), error.field(), retryAfter);
    if (status == 400) {
      LOG.error(
          "the cloud refused batch {} as malformed [status: {}]: {}",
          batch.batchId(),
          status,
          ReplyJson.shown(response.body()));
    }
    throw refusal;
  }

  /**
   * A Retry-After value: delay-seconds or an HTTP date; null when it is neither.
   *
   * @param now the gateway's clock, for a date
   */
  static Duration retryAfter(String value, Instant now) {
    String v = value.strip();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        LOG.debug("ignoring a Retry-After that is neither seconds nor a date: {}", v);
        return null;
      }
    }
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if ((message == null || message.isBlank()) && cause != null) {
      message = cause.toString();
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** The client's TLS context: the JVM's default, the CA file's, or none for plain http. */
  SSLContext tls() {
    return client.sslContext();
  }

  @Override
  public String describe() {
    return endpoint.toString();
  }

  /** Nothing to release: the JDK client's threads are daemons and idle connections time out. */
  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21
  }
}
