package org.citysense.cloud.notify;

import java.time.Instant;
import org.citysense.cloud.rules.Severity;

/**
 * One message to one address about one event, as the delivery log keeps it: every attempt's outcome
 * is on this row (attempts, status, reason, times).
 *
 * @param id the log's id (0 before it is stored); sent to channels as the message's reference
 * @param recipientRole {@code family}, {@code grid_worker}, {@code staff} or {@code webhook}
 * @param channel the channel's id, e.g. {@code smpp}, {@code push}, {@code webhook}
 * @param address a phone number (E.164), a push token or a webhook's name
 * @param kind {@link #ALARM}, {@link #REMINDER}, {@link #ESCALATION} or {@link #ALL_CLEAR}
 * @param escalationLevel 0 for the event's own unit, 1 for the unit above, and so on
 * @param status {@link #QUEUED}, {@link #SUBMITTED}, {@link #DELIVERED}, {@link #FAILED} or {@link
 *     #SUPPRESSED}
 * @param reason why it failed or was suppressed (or the last retryable failure while queued)
 * @param attempts how many times a channel was tried
 * @param providerId the provider's id of the submitted message, for its receipt
 * @param submittedAt when a channel took it
 * @param nextAttemptAt when a queued row is due: now, the end of quiet hours, or a retry's backoff
 */
public record Notification(
    long id,
    long eventId,
    String recipientId,
    String recipientRole,
    String channel,
    String address,
    String kind,
    int escalationLevel,
    Severity severity,
    String text,
    String status,
    String reason,
    int attempts,
    String providerId,
    Instant createdAt,
    Instant updatedAt,
    Instant submittedAt,
    Instant nextAttemptAt) {
  public static final String ALARM = "alarm";
  public static final String REMINDER = "reminder";
  public static final String ESCALATION = "escalation";
  public static final String ALL_CLEAR = "all_clear";

  public static final String QUEUED = "queued";
  public static final String SUBMITTED = "submitted";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";
  public static final String SUPPRESSED = "suppressed";

  /** Whether a channel took it (whatever the receipt said later). */
  public boolean sent() {
    return submittedAt != null;
  }
}
