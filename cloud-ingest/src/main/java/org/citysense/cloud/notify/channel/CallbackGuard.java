package org.citysense.cloud.notify.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * What guards delivery reports posted to us: {@code X-Citysense-Timestamp: <epoch seconds>} and
 * {@code X-Citysense-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<exact body bytes>", keyed
 * with the shared secret>}. The headers are those of {@link WebhookChannel}; unlike our own webhook
 * body, a provider's report carries no time we can trust, so the timestamp is signed with it, and a
 * report further than {@code maxSkew} from our clock is refused: a captured report cannot be
 * replayed later.
 *
 * <p>The secret itself in a {@code ?secret=} query parameter (how reports were guarded first) is
 * taken only when {@code querySecret} allows it: proxies and access logs keep query strings.
 */
public final class CallbackGuard {
  public static final String SIGNATURE_HEADER = WebhookChannel.SIGNATURE_HEADER;
  public static final String TIMESTAMP_HEADER = WebhookChannel.TIMESTAMP_HEADER;
  private static final String PREFIX = "sha256=";

  /** Why a report is refused: the header (or query parameter) to blame, and what is wrong. */
  public record Refusal(String field, String reason) {}

  /** The deprecated query parameter. */
  public static final String QUERY_PARAMETER = "secret";

  private final String secret;
  private final Duration maxSkew;
  private final boolean querySecret;

  /**
   * @param maxSkew how far a report's timestamp may be from our clock, either way
   * @param querySecret whether a report without a signature may give the secret in the query
   */
  public CallbackGuard(String secret, Duration maxSkew, boolean querySecret) {
    this.secret = secret;
    this.maxSkew = maxSkew;
    this.querySecret = querySecret;
  }

  /** The signature header's value for a body sent at {@code epochSeconds}. */
  public static String sign(String secret, long epochSeconds, byte[] body) {
    byte[] prefix = (epochSeconds + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return PREFIX + HexFormat.of().formatHex(Hmac.sha256(secret, signed));
  }

  /**
   * @param timestamp the timestamp header, or null
   * @param signature the signature header, or null
   * @param query the {@code secret} query parameter, or null
   * @return why the report is refused, or empty when it is signed with our secret, in time (or,
   *     where allowed and unsigned, gives the secret in the query)
   */
  public Optional<Refusal> check(
      String timestamp, String signature, String query, byte[] body, Instant now) {
    if ((signature == null || signature.isBlank()) && query != null) {
      return checkQuery(query);
    }
    if (signature == null || signature.isBlank()) {
      return refuse(SIGNATURE_HEADER, "is missing");
    }
    if (timestamp == null || !timestamp.strip().matches("[0-9]{1,12}")) {
      return refuse(TIMESTAMP_HEADER, "is missing or not a time in seconds since 1970");
    }
    long at = Long.parseLong(timestamp.strip());
    long skew = Math.abs(now.getEpochSecond() - at);
    if (skew > maxSkew.toSeconds()) {
      return refuse(
          TIMESTAMP_HEADER,
          "is "
              + skew
              + " s away from the service's clock; at most "
              + maxSkew.toSeconds()
              + " s are accepted");
    }
    byte[] expected = sign(secret, at, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return refuse(
          SIGNATURE_HEADER,
          "does not match: expected sha256= and the hex HMAC-SHA256 of the timestamp, a dot and"
              + " the body, keyed with the shared secret");
    }
    return Optional.empty();
  }

  private Optional<Refusal> checkQuery(String given) {
    if (!querySecret) {
      return Optional.of(
          new Refusal(
              SIGNATURE_HEADER,
              "the secret query parameter is not accepted (proxies log it); sign the report with"
                  + " the "
                  + SIGNATURE_HEADER
                  + " and "
                  + TIMESTAMP_HEADER
                  + " headers"));
    }
    if (!MessageDigest.isEqual(
        secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of(
          new Refusal(QUERY_PARAMETER, "the secret query parameter is missing or wrong"));
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(String header, String reason) {
    return Optional.of(new Refusal(header, "the " + header + " header " + reason));
  }
}
