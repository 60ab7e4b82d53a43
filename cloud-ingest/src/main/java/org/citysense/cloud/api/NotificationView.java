package org.citysense.cloud.api;

import java.time.Instant;
import org.citysense.cloud.notify.Notification;

/**
 * One row of an event's delivery log, as {@code GET /api/v1/events/{id}/notifications} serves it:
 * the address masked ({@link PhoneMask}: {@code +86 138****8000}; a push token its first and last
 * four characters).
 */
public record NotificationView(
    long id,
    String recipientId,
    String recipientRole,
    String channel,
    String address,
    String kind,
    int escalationLevel,
    String status,
    String reason,
    int attempts,
    Instant createdAt,
    Instant updatedAt,
    Instant submittedAt,
    Instant nextAttemptAt) {

  static NotificationView of(Notification n) {
    return new NotificationView(
        n.id(),
        n.recipientId(),
        n.recipientRole(),
        n.channel(),
        "webhook".equals(n.recipientRole()) ? n.address() : mask(n.address()),
        n.kind(),
        n.escalationLevel(),
        n.status(),
        n.reason(),
        n.attempts(),
        n.createdAt(),
        n.updatedAt(),
        n.submittedAt(),
        n.nextAttemptAt());
  }

  static String mask(String address) {
    return address != null && address.startsWith("+")
        ? PhoneMask.phone(address)
        : PhoneMask.other(address);
  }
}
