package org.citysense.cloud.overview;

import java.time.Instant;

/**
 * One moment of an event's life: a step of its audit trail ({@code type} audit: raised,
 * acknowledged, family_acked, assigned, resolved, closed, a note…) or one message of its delivery
 * log ({@code type} notification, at its creation, with its delivery state now).
 *
 * @param action the audit's action, or the message's kind (alarm, reminder, escalation, all_clear)
 * @param actor who did it ({@code system} for the rules, {@code sms:} and a masked number for a
 *     reply), or the recipient's id for a message
 * @param from the status before, audit only
 * @param to the status after, audit only
 * @param delivery the message, notification only
 */
public record TimelineEntry(
    Instant at,
    String type,
    String action,
    String actor,
    String from,
    String to,
    String note,
    Delivery delivery) {

  /**
   * One message and how it fared.
   *
   * @param address masked as the API masks contacts
   * @param status queued, submitted, delivered, failed or suppressed
   * @param repliedAt when this address replied and so acted on the event, null if it did not
   * @param replyAction what the reply did (acknowledged, family_acked), null if none
   */
  public record Delivery(
      long id,
      String recipientId,
      String recipientRole,
      String channel,
      String address,
      int escalationLevel,
      String status,
      String reason,
      int attempts,
      Instant submittedAt,
      Instant updatedAt,
      Instant repliedAt,
      String replyAction) {}
}
