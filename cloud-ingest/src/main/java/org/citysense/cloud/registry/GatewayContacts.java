package org.citysense.cloud.registry;

import java.time.Instant;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;
import org.citysense.profiles.wire.Counters;
import org.jboss.logging.Logger;

/**
 * Remembers, per gateway, its last contact, how far its clock was off then, and what its buffer
 * reported having evicted or refused.
 */
public final class GatewayContacts {
  private static final Logger LOG = Logger.getLogger(GatewayContacts.class);

  private final Transactions db;

  public GatewayContacts(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  /**
   * @param clockOffsetMs the gateway's clock minus the cloud's
   * @param flagged whether that is beyond what the cloud tolerates
   * @param counters the batch's cumulative counters
   * @param seqStart where the batch's numbering started, or null when the agent does not say
   */
  public void record(
      String gatewayId,
      Instant contact,
      long clockOffsetMs,
      boolean flagged,
      Counters counters,
      Long seqStart) {
    int n =
        db.once(
            "recording contact of gateway " + gatewayId,
            c ->
                Rows.update(
                    c,
                    "UPDATE gateways SET last_contact = ?, clock_offset_ms = ?, clock_flagged = ?,"
                        + " edge_evicted = ?, edge_rejected = ?, edge_quarantined = ? WHERE id = ?",
                    contact,
                    clockOffsetMs,
                    flagged,
                    counters.evicted(),
                    counters.rejected(),
                    counters.quarantined(),
                    gatewayId));
    if (n == 0) {
      // a token outlived its gateway's row; the ingest itself still works, so only say it
      LOG.warnf("contact from a gateway that is not registered [gateway: %s]", gatewayId);
    }
    if (seqStart != null) {
      numbering(gatewayId, contact, seqStart);
    }
  }

  /** Keeps where the numbering started; a new start is a restart, counted and said once. */
  private void numbering(String gatewayId, Instant contact, long seqStart) {
    int restarted =
        db.once(
            "recording the numbering of gateway " + gatewayId,
            c -> {
              int r =
                  Rows.update(
                      c,
                      "UPDATE gateways SET numbering_restarts = numbering_restarts + 1,"
                          + " numbering_restarted_at = ?, seq_start = ? WHERE id = ? AND"
                          + " seq_start IS NOT NULL AND seq_start <> ?",
                      contact,
                      seqStart,
                      gatewayId,
                      seqStart);
              Rows.update(
                  c,
                  "UPDATE gateways SET seq_start = ? WHERE id = ? AND seq_start IS NULL",
                  seqStart,
                  gatewayId);
              return r;
            });
    if (restarted > 0) {
      LOG.warnf(
          "gateway %s started a new sequence numbering at %d: its data folder was lost or"
              + " replaced; its new readings are stored as new",
          gatewayId, seqStart);
    }
  }
}
