package org.citysense.cloud.api;

import org.citysense.cloud.notify.QuietHours;
import org.citysense.cloud.notify.Recipient;

/**
 * A household contact or unit staff member as the API shows it: spelled as it was given, the
 * language as its id and quiet hours as {@code HH:MM-HH:MM}.
 *
 * @param reachable whether anything may be sent: consent given and not opted out
 */
public record RecipientView(
    String id,
    String role,
    String name,
    String phone,
    String pushToken,
    String language,
    String quietHours,
    boolean consent,
    boolean optedOut,
    boolean reachable,
    String householdId,
    String unitId) {
  static RecipientView of(Recipient r) {
    QuietHours q = r.quietHours();
    return new RecipientView(
        r.id(),
        r.role(),
        r.name(),
        r.phone(),
        r.pushToken(),
        r.language().id(),
        q == null ? null : q.from() + "-" + q.to(),
        r.consent(),
        r.optedOut(),
        r.reachable(),
        r.householdId(),
        r.unitId());
  }
}
