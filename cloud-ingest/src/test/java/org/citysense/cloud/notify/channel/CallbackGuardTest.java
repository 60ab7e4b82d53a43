package org.citysense.cloud.notify.channel;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The delivery reports' signature, byte for byte as a provider computes it. */
class CallbackGuardTest {
  private static final String SECRET = "cb-0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-12-07T21:00:00Z");
  private static final byte[] BODY = "{\"out_id\":\"d-1\",\"status\":\"DELIVRD\"}".getBytes(UTF_8);
  private final CallbackGuard guard = new CallbackGuard(SECRET, Duration.ofMinutes(5), false);

  @Test
  void theSignatureIsTheHmacOfTheTimestampADotAndTheBody() {
    // the value docs/notifications.md's openssl example prints for the same report
    byte[] report = "{\"out_id\":\"d-42\",\"status\":\"DELIVRD\"}".getBytes(UTF_8);
    assertThat(CallbackGuard.sign("s3cret-callback-key", 1796677200L, report))
        .isEqualTo("sha256=5b9ca839b0b008b7ea375c3b7e0558858867a3a469812b23a826b502c5ceefd7");
  }

  @Test
  void aGoodSignatureWithinTheSkewIsTakenInEitherCase() {
    long at = NOW.getEpochSecond() - 299;
    String signature = CallbackGuard.sign(SECRET, at, BODY);
    assertThat(guard.check(Long.toString(at), signature, null, BODY, NOW)).isEmpty();
    assertThat(guard.check(Long.toString(at), signature.toUpperCase(), null, BODY, NOW)).isEmpty();
    long ahead = NOW.getEpochSecond() + 300;
    assertThat(
            guard.check(
                Long.toString(ahead), CallbackGuard.sign(SECRET, ahead, BODY), null, BODY, NOW))
        .isEmpty();
  }

  @Test
  void refusalsNameTheHeader() {
    long at = NOW.getEpochSecond();
    String good = CallbackGuard.sign(SECRET, at, BODY);
    assertThat(guard.check(null, null, null, BODY, NOW).orElseThrow().field())
        .isEqualTo("X-Citysense-Signature");
    assertThat(guard.check(null, good, null, BODY, NOW).orElseThrow().field())
        .isEqualTo("X-Citysense-Timestamp");
    assertThat(guard.check("soon", good, null, BODY, NOW).orElseThrow().field())
        .isEqualTo("X-Citysense-Timestamp");
    var stale =
        guard.check(
            Long.toString(at - 301), CallbackGuard.sign(SECRET, at - 301, BODY), null, BODY, NOW);
    assertThat(stale.orElseThrow().reason()).contains("301 s away").contains("at most 300 s");
    assertThat(guard.check(Long.toString(at), good.substring(7), null, BODY, NOW)).isPresent();
    assertThat(
            guard.check(
                Long.toString(at),
                CallbackGuard.sign("other-secret-0123", at, BODY),
                null,
                BODY,
                NOW))
        .isPresent();
    byte[] altered = "{\"out_id\":\"d-1\",\"status\":\"UNDELIV\"}".getBytes(UTF_8);
    assertThat(guard.check(Long.toString(at), good, null, altered, NOW).orElseThrow().field())
        .isEqualTo("X-Citysense-Signature");
  }

  @Test
  void theQuerySecretOnlyWhenSwitchedOnAndOnlyWithoutASignature() {
    assertThat(guard.check(null, null, SECRET, BODY, NOW).orElseThrow().reason())
        .contains("query parameter is not accepted");
    CallbackGuard legacy = new CallbackGuard(SECRET, Duration.ofMinutes(5), true);
    assertThat(legacy.check(null, null, SECRET, BODY, NOW)).isEmpty();
    assertThat(legacy.check(null, null, SECRET + "x", BODY, NOW).orElseThrow().field())
        .isEqualTo("secret");
    // a signature present is what counts, whatever the query says
    assertThat(legacy.check(Long.toString(NOW.getEpochSecond()), "sha256=00", SECRET, BODY, NOW))
        .isPresent();
  }
}
