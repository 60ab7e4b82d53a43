package org.citysense.cloud.notify;

/**
 * Someone notifications may reach: a household's family contact, or a person attached to a unit
 * (its grid worker, its staff).
 *
 * @param id the registry's id of this contact or staff member
 * @param role {@code family} for household contacts; {@code grid_worker} or {@code staff} for a
 *     unit's people
 * @param phone E.164, e.g. +8613800138000; null when the person has no phone
 * @param pushToken the push provider's device token, or null
 * @param quietHours when not to be woken (except for critical events), or null for never quiet
 * @param consent whether the person agreed to be notified; without it nothing is sent
 * @param optedOut whether the person asked to stop (e.g. replied STOP); nothing is sent
 * @param householdId the household of a family contact, else null
 * @param unitId the unit of a grid worker or staff member, else null
 */
public record Recipient(
    String id,
    String role,
    String name,
    String phone,
    String pushToken,
    Language language,
    QuietHours quietHours,
    boolean consent,
    boolean optedOut,
    String householdId,
    String unitId) {
  public static final String FAMILY = "family";
  public static final String GRID_WORKER = "grid_worker";
  public static final String STAFF = "staff";

  /** Whether anything may be sent to this person at all. */
  public boolean reachable() {
    return consent && !optedOut;
  }
}
