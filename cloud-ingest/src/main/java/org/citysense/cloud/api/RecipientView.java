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
  /** The person whole: for admins and the operators of the person's unit. */
  static RecipientView of(Recipient r) {
    return of(r, true);
  }

  /**
   * @param whole false for viewers and family members: the phone masked ({@link PhoneMask}), no
   *     push token
   */
  static RecipientView of(Recipient r, boolean whole) {
    QuietHours q = r.quietHours();
    return new RecipientView(
        r.id(),
        r.role(),
        r.name(),
        whole ? r.phone() : PhoneMask.phone(r.phone()),
        whole ? r.pushToken() : null,
        r.language().id(),
        q == null ? null : q.from() + "-" + q.to(),
        r.consent(),
        r.optedOut(),
        r.reachable(),
        r.householdId(),
        r.unitId());
  }
}
