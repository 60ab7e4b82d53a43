package org.citysense.cloud.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.citysense.cloud.cache.ExpiringCache;

/**
 * Whether a gateway may still send: it holds a gateway token not revoked. MQTT ingest asks on every
 * batch, since the broker's account may outlive a revocation (a password file, or a broker away
 * when the account was to be deleted); answers are kept {@link #KEEP} so a busy gateway costs one
 * query per few seconds, and a revocation stops its batches within that time.
 */
public final class ActiveGateways implements Predicate<String> {
  static final Duration KEEP = Duration.ofSeconds(5);

  private final TokenService tokens;
  private final ExpiringCache<String, Boolean> answers;

  public ActiveGateways(TokenService tokens, int entries, Clock clock) {
    this.tokens = tokens;
    this.answers = new ExpiringCache<>(entries, KEEP, clock);
  }

  @Override
  public boolean test(String gatewayId) {
    return answers.get(gatewayId, tokens::gatewayActive);
  }
}
