package org.citysense.agent.uplink;

import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
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
  private final Duration timeout;
  private final HttpPost post;
  private final Clock clock;
  private final WireWriter codec = new WireWriter();
  private final ReplyJson json = new ReplyJson();

  /**
   * @param cloud the cloud's base URI, e.g. {@code https://cloud.example} (a path prefix is kept)
   * @param token the gateway's bearer token (the secret itself)
   * @param caFile PEM certificates to trust instead of the JVM's CAs, or null
   * @param timeout bounds connecting and each wait for the cloud's answer ({@link HttpPost})
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
    this.timeout = timeout;
    this.clock = clock;
    SSLSocketFactory tls = null; // none for a plain-http cloud: redirects are not followed
    if (caFile != null) {
      tls = TrustedCas.sslContext(caFile).getSocketFactory();
    } else if (cloud.getScheme().equals("https")) {
      tls = HttpsURLConnection.getDefaultSSLSocketFactory();
    }
    try {
      this.post = new HttpPost(endpoint.toURL(), "Bearer " + token.strip(), timeout, tls);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("the cloud URI is not a URL: " + cloud, e);
    }
  }

  @Override
  public UplinkReply send(Batch batch) throws UplinkException {
    if (Thread.currentThread().isInterrupted()) {
      throw new UplinkException("interrupted while sending to " + endpoint, null, false, null);
    }
    byte[] body = codec.encodeGzip(batch);
    HttpPost.Answer response;
    try {
      response = post.send(body);
    } catch (SocketTimeoutException e) {
      throw new UplinkException(
          "no answer from " + endpoint + " within " + timeout.toMillis() + " ms", null, false, e);
    } catch (ConnectException | NoRouteToHostException | UnknownHostException e) {
      throw new UplinkException("cannot connect to " + endpoint + ": " + reason(e), null, false, e);
    } catch (HttpPost.ClosedException e) {
      throw new UplinkException(
          "sending to " + endpoint + " abandoned: the uplink was closed", null, false, e);
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
    }
    int status = response.status();
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
        response.retryAfter() == null ? null : retryAfter(response.retryAfter(), clock.instant());
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
    if (e instanceof UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if ((message == null || message.isBlank()) && cause != null) {
      message = cause.toString();
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** The connections' TLS: the JVM's default, the CA file's, or null for plain http. */
  SSLSocketFactory tls() {
    return post.tls();
  }

  @Override
  public String describe() {
    return endpoint.toString();
  }

  /**
   * Ends a send in flight at once (it fails as abandoned) and refuses later ones. Nothing else to
   * release: the idle connection is the JDK keep-alive cache's, which closes it after a few
   * seconds.
   */
  @Override
  public void close() {
    post.close();
  }
}
