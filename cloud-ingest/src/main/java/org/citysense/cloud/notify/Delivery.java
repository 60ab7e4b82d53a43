package org.citysense.cloud.notify;

import java.time.Instant;

/**
 * What the policy decided for one address: send (queued, at once or at {@code notBefore}) or not
 * (suppressed, with the reason). The dispatcher renders the text and logs it.
 *
 * @param recipientRole {@code family}, {@code grid_worker}, {@code staff} or {@code webhook}
 * @param channel the channel's id (the configured SMS channel, push, webhook)
 * @param kind {@link Notification#ALARM}, {@link Notification#REMINDER}, {@link
 *     Notification#ESCALATION} or {@link Notification#ALL_CLEAR}
 * @param status {@link Notification#QUEUED} or {@link Notification#SUPPRESSED}
 * @param reason why suppressed, or why postponed ("quiet hours"); null when sent at once
 * @param notBefore when a queued message may go: now, or the end of the person's quiet hours
 */
public record Delivery(
    String recipientId,
    String recipientRole,
    Language language,
    String channel,
    String address,
    String kind,
    int escalationLevel,
    String status,
    String reason,
    Instant notBefore) {

  /** Whom it is for, to compare deliveries across events: recipient and address. */
  public String who() {
    return recipientId + "|" + address;
  }

  public boolean queued() {
    return Notification.QUEUED.equals(status);
  }

  public Delivery suppressed(String why) {
    return new Delivery(
        recipientId,
        recipientRole,
        language,
        channel,
        address,
        kind,
        escalationLevel,
        Notification.SUPPRESSED,
        why,
        null);
  }

  public Delivery notBefore(Instant t) {
    if (!queued() || (notBefore != null && !t.isAfter(notBefore))) {
      return this;
    }
    return new Delivery(
        recipientId,
        recipientRole,
        language,
        channel,
        address,
        kind,
        escalationLevel,
        status,
        reason,
        t);
  }
}
