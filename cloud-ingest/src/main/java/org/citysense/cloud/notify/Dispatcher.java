package org.citysense.cloud.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.notify.channel.Channel;
import org.citysense.cloud.notify.channel.ChannelException;
import org.citysense.cloud.notify.channel.DeliveredOnSubmit;
import org.citysense.cloud.notify.channel.OutboundMessage;
import org.citysense.cloud.rules.Severity;
import org.jboss.logging.Logger;

/**
 * Sends the log's due rows through their channels: the rate limit per address (never holding back
 * the first message of a critical alarm), retries with backoff, the {@link SendNote} around each
 * send, and the providers' receipts, kept when they come before their row is marked submitted.
 */
final class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final NotificationLog log;
  private final Map<String, Channel> channels = new HashMap<>();
  private final LongFunction<Optional<Event>> event;
  private final SendNote note;
  private final Notifier.Config config;

  /**
   * @param event an event by id, for what a message carries besides its text
   */
  Dispatcher(
      NotificationLog log,
      List<Channel> channels,
      LongFunction<Optional<Event>> event,
      SendNote note,
      Notifier.Config config) {
    this.log = log;
    for (Channel c : channels) {
      this.channels.put(c.id(), c);
    }
    this.event = event;
    this.note = note;
    this.config = config;
  }

  /**
   * After a start: the row noted when the service stopped, if it is still queued as it was then, is
   * taken as sent (see {@link NotificationLog#takenAsSent}).
   */
  void settleCutOff(Instant now) {
    Optional<SendNote.Noted> cutOff = note.last();
    if (cutOff.isPresent() && log.takenAsSent(cutOff.get().id(), cutOff.get().attempts(), now)) {
      LOG.warnf(
          "notification %d was being sent when the service stopped: taken as sent, not sent"
              + " again (if it did not go, its reminder follows)",
          cutOff.get().id());
    }
    note.clear();
  }

  /**
   * How many early receipts (arrived before their row was marked submitted) are kept; the oldest
   * goes first.
   */
  static final int EARLY_RECEIPTS = 1000;

  /** A receipt kept until its row gets its provider id. */
  private record EarlyReceipt(boolean delivered, String detail, Instant at) {}

  /**
   * Receipts that matched no row yet, by channel and provider id: an SMSC may answer before {@link
   * Channel#send} has returned and the row has been marked submitted. Guarded by itself, also
   * across marking a row submitted and recording a receipt, so that no receipt falls between.
   */
  private final Map<String, EarlyReceipt> early =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EarlyReceipt> eldest) {
          return size() > EARLY_RECEIPTS;
        }
      };

  /**
   * Whether this node may send now: in a cluster, while it holds the notifier's lease (a node that
   * stalled past its lease must not send what the node after it sends).
   */
  private volatile java.util.function.BooleanSupplier maySend = () -> true;

  void onlyWhile(java.util.function.BooleanSupplier held) {
    maySend = held;
  }

  void sendDue(Instant now) {
    while (true) {
      List<Notification> due = log.due(now, config.batch());
      for (Notification n : due) {
        if (!maySend.getAsBoolean()) {
          return;
        }
        deliver(n, now);
      }
      if (due.size() < config.batch()) {
        return;
      }
    }
  }

  private void deliver(Notification n, Instant now) {
    boolean firstCriticalAlarm =
        Notification.ALARM.equals(n.kind()) && n.severity() == Severity.CRITICAL;
    if (!firstCriticalAlarm && !NotificationPolicy.WEBHOOK.equals(n.recipientRole())) {
      int sent = log.sentTo(n.address(), now.minus(config.rateWindow()));
      if (sent >= config.rateLimit()) {
        log.suppress(
            n.id(),
            "rate limit: "
                + sent
                + " messages to this address in "
                + config.rateWindow().toMinutes()
                + " min",
            now);
        return;
      }
    }
    int attempts = n.attempts() + 1;
    Channel channel = channels.get(n.channel());
    if (channel == null) {
      log.failed(n.id(), attempts, "no channel " + n.channel() + " is configured", now);
      return;
    }
    // everything the channel needs is ready before the note: from the note to the channel's
    // write nothing but the channel runs, so a crash between them is as unlikely as can be
    OutboundMessage message =
        new OutboundMessage(n.address(), n.text(), Long.toString(n.id()), data(n));
    note.sending(n.id(), n.attempts());
    try {
      String providerId = channel.send(message);
      submitted(n, channel, attempts, providerId, now);
    } catch (ChannelException e) {
      failed(n, attempts, e.getMessage(), e.retryable(), now);
    } catch (RuntimeException e) {
      LOG.warnf(e, "channel failed [channel: %s, notification: %d]", n.channel(), n.id());
      failed(n, attempts, String.valueOf(e), true, now);
    }
    note.clear();
  }

  /**
   * Marks the row submitted; a channel whose send is its delivery (a webhook's 2xx) marks it
   * delivered at once, and a receipt that came before now is applied.
   */
  private void submitted(
      Notification n, Channel channel, int attempts, String providerId, Instant now) {
    synchronized (early) {
      log.submitted(n.id(), attempts, providerId, now);
      if (providerId == null) {
        return;
      }
      if (channel instanceof DeliveredOnSubmit) {
        log.receipt(n.channel(), providerId, true, null, now);
        return;
      }
      EarlyReceipt r = early.remove(key(n.channel(), providerId));
      if (r != null) {
        log.receipt(n.channel(), providerId, r.delivered(), r.detail(), r.at());
      }
    }
  }

  private static String key(String channel, String providerId) {
    return channel + "|" + providerId;
  }

  private void failed(Notification n, int attempts, String why, boolean retryable, Instant now) {
    if (retryable && attempts < config.maxAttempts()) {
      Duration wait = config.retryBase().multipliedBy(1L << Math.min(attempts - 1, 30));
      if (wait.compareTo(config.retryMax()) > 0) {
        wait = config.retryMax();
      }
      log.retryAt(n.id(), attempts, why, now.plus(wait), now);
      return;
    }
    String reason = retryable ? "gave up after " + attempts + " attempts: " + why : why;
    log.failed(n.id(), attempts, reason, now);
    LOG.warnf(
        "notification failed [notification: %d, event: %d, channel: %s, reason: %s]",
        n.id(), n.eventId(), n.channel(), reason);
  }

  private Map<String, Object> data(Notification n) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("eventId", n.eventId());
    data.put("kind", n.kind());
    data.put("severity", n.severity().id());
    data.put("escalationLevel", n.escalationLevel());
    data.put("recipientRole", n.recipientRole());
    event
        .apply(n.eventId())
        .ifPresent(
            e -> {
              data.put("category", e.category().id());
              data.put("ruleId", e.ruleId());
              data.put("status", e.status().id());
              data.put("test", e.test());
              putIfNotNull(data, "summary", e.summary());
              putIfNotNull(data, "unitId", e.unitId());
              putIfNotNull(data, "householdId", e.householdId());
              putIfNotNull(data, "stationId", e.stationId());
              putIfNotNull(data, "deviceId", e.deviceId());
            });
    log.code(n.eventId()).ifPresent(code -> data.put("code", code));
    return data;
  }

  private static void putIfNotNull(Map<String, Object> data, String key, Object value) {
    if (value != null) {
      data.put(key, value);
    }
  }

  /** A provider's receipt: the row becomes delivered, or failed with the provider's detail. */
  void receipt(String channel, String providerId, boolean delivered, String detail, Instant at) {
    synchronized (early) {
      if (log.receipt(channel, providerId, delivered, detail, at) == 0) {
        // perhaps before its row was marked submitted: kept until it is (or crowded out)
        LOG.debugf("receipt for no logged message yet [channel: %s, id: %s]", channel, providerId);
        early.put(key(channel, providerId), new EarlyReceipt(delivered, detail, at));
      }
    }
  }
}
