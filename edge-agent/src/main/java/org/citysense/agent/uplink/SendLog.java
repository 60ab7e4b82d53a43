package org.citysense.agent.uplink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.citysense.profiles.wire.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarder's lines about sends that went wrong: a failure once per episode (the same error
 * again only at debug, so an outage of hours is not thousands of lines), the cloud's return, and
 * one line per batch for the items it rejected. Used by the forwarder's one thread.
 */
final class SendLog {
  // the forwarder's logger, so that these lines read as before and obey the same log settings
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  private static final int SHOWN_SEQS = 5;

  private final Uplink uplink;
  private String loggedError;

  SendLog(Uplink uplink) {
    this.uplink = uplink;
  }

  /** A send failed: logged at warn or error the first time, at debug while the error repeats. */
  void failed(Batch batch, UplinkException e) {
    String message = e.getMessage();
    if (message != null && message.equals(loggedError)) {
      LOG.debug("send failed again [batch: {}]: {}", batch.batchId(), message);
      return;
    }
    loggedError = message;
    if (e.needsPeople()) {
      LOG.error(
          "send failed and needs people; retrying [batch: {}, uplink: {}]: {}",
          batch.batchId(),
          uplink.describe(),
          message);
    } else {
      LOG.warn(
          "send failed; sending again [batch: {}, uplink: {}]: {}",
          batch.batchId(),
          uplink.describe(),
          message);
    }
  }

  /** The cloud answered after {@code consecutiveFailures}: the episode ends. */
  void answered(int consecutiveFailures) {
    if (consecutiveFailures > 0) {
      LOG.info(
          "the cloud answers again after {} failed sends [uplink: {}]",
          consecutiveFailures,
          uplink.describe());
    }
    loggedError = null;
  }

  /** One line for all rejections of a batch: each reason once, with some of its seqs. */
  static void rejected(Batch batch, int items, List<UplinkReply.Rejected> rejected) {
    Map<String, List<Long>> byReason = new LinkedHashMap<>();
    for (UplinkReply.Rejected r : rejected) {
      byReason.computeIfAbsent(String.valueOf(r.reason()), k -> new ArrayList<>()).add(r.seq());
    }
    String reasons =
        byReason.entrySet().stream()
            .map(e -> e.getKey() + " (seq " + seqs(e.getValue()) + ")")
            .collect(Collectors.joining("; "));
    LOG.warn(
        "the cloud rejected {} of {} items; they are not sent again [batch: {}]: {}",
        rejected.size(),
        items,
        batch.batchId(),
        reasons);
  }

  static String seqs(List<Long> seqs) {
    String shown =
        seqs.stream().limit(SHOWN_SEQS).map(String::valueOf).collect(Collectors.joining(", "));
    return seqs.size() > SHOWN_SEQS
        ? shown + " and " + (seqs.size() - SHOWN_SEQS) + " more"
        : shown;
  }
}
