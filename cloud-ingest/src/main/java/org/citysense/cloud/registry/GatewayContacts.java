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
   */
  public void record(
      String gatewayId, Instant contact, long clockOffsetMs, boolean flagged, Counters counters) {
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
  }
}
