package org.citysense.agent.uplink;

import java.util.List;

/**
 * The cloud's answer for one batch (the ingest's reply in wire format v1).
 *
 * @param stored readings stored now
 * @param duplicates readings the cloud already had (a resend after a crash)
 * @param rejected readings refused, with the reason; never sent again
 * @param clockOffsetMs the gateway's clock minus the cloud's, as the cloud saw it
 * @param clockFlagged whether the cloud finds that offset too large
 */
public record UplinkReply(
    int stored, int duplicates, List<Rejected> rejected, long clockOffsetMs, boolean clockFlagged) {
  public UplinkReply {
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /** One refused reading. */
  public record Rejected(long seq, String reason) {}
}
