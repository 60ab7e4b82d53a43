package org.citysense.profiles.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Totals since the gateway's buffer was created. Cumulative, so a lost or replayed batch cannot
 * make the cloud count twice or miss one.
 *
 * @param evicted readings dropped from a full buffer before they could be sent
 * @param rejected readings the gateway itself refused (e.g. for a device not in its config)
 * @param quarantined items the cloud refused as a whole batch, narrowed down to them and set aside
 *     by the gateway in its quarantine file with the cloud's reason (absent, 0, from older agents)
 */
public record Counters(long evicted, long rejected, long quarantined) {
  public static final Counters ZERO = new Counters(0, 0, 0);

  public Counters(long evicted, long rejected) {
    this(evicted, rejected, 0);
  }

  /** From JSON; agents older than the quarantine send no {@code quarantined}. */
  @JsonCreator
  static Counters fromJson(
      @JsonProperty(value = "evicted", required = true) long evicted,
      @JsonProperty(value = "rejected", required = true) long rejected,
      @JsonProperty("quarantined") Long quarantined) {
    return new Counters(evicted, rejected, quarantined == null ? 0 : quarantined);
  }
}
