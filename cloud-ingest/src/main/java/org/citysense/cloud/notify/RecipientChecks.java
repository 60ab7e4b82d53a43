package org.citysense.cloud.notify;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.citysense.cloud.registry.FieldException;

/** Turns a {@link RecipientForm} into a {@link Recipient}, or refuses it naming the field. */
public final class RecipientChecks {
  /** E.164: a plus, then 8 to 15 digits, the first not zero. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");

  /** A mainland China mobile: +86, then 1, then 3–9, then 9 digits. */
  private static final Pattern CHINA_MOBILE = Pattern.compile("\\+861[3-9]\\d{9}");

  private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  private static final int MAX_NAME = 200;
  private static final int MAX_PUSH_TOKEN = 1024;

  private RecipientChecks() {}

  /**
   * @param role {@link Recipient#FAMILY}, {@link Recipient#GRID_WORKER} or {@link Recipient#STAFF}
   * @throws FieldException naming the first field that is wrong
   */
  static Recipient check(
      RecipientForm form, String role, String id, String householdId, String unitId) {
    String name = text("name", form.name(), MAX_NAME);
    String phone = form.phone() == null || form.phone().isBlank() ? null : phone(form.phone());
    String pushToken = optionalText("pushToken", form.pushToken(), MAX_PUSH_TOKEN);
    if (phone == null && pushToken == null) {
      throw new FieldException("phone", "missing; give a phone, a pushToken, or both");
    }
    return new Recipient(
        id,
        role,
        name,
        phone,
        pushToken,
        language(form.language()),
        quietHours(form),
        Boolean.TRUE.equals(form.consent()),
        false,
        householdId,
        unitId);
  }

  /** A unit person's role: {@code grid_worker} or {@code staff}. */
  static String staffRole(String role) {
    if (Recipient.GRID_WORKER.equals(role) || Recipient.STAFF.equals(role)) {
      return role;
    }
    throw new FieldException(
        "role",
        (role == null ? "missing" : "\"" + role + "\" is not a role of a unit's people")
            + "; one of grid_worker, staff");
  }

  /** A household contact's role: absent or {@code family}. */
  static String familyRole(String role) {
    if (role == null || Recipient.FAMILY.equals(role)) {
      return Recipient.FAMILY;
    }
    throw new FieldException(
        "role", "\"" + role + "\" is not a household contact's role; leave it out or say family");
  }

  /**
   * A phone number in E.164, spaces and hyphens dropped.
   *
   * @throws FieldException on field {@code phone}
   */
  public static String phone(String value) {
    if (value == null || value.isBlank()) {
      throw new FieldException("phone", "missing");
    }
    String phone = value.replaceAll("[\\s-]", "");
    if (!E164.matcher(phone).matches()) {
      throw new FieldException(
          "phone",
          "\"" + value + "\" is not E.164; a '+', then 8 to 15 digits, e.g. +8613800138000");
    }
    if (phone.startsWith("+86") && !CHINA_MOBILE.matcher(phone).matches()) {
      throw new FieldException(
          "phone",
          "\"" + value + "\" is not a mainland China mobile; +86, then 11 digits starting 13-19");
    }
    return phone;
  }

  static Language language(String value) {
    if (value == null || value.isBlank()) {
      return Language.ZH;
    }
    for (Language l : Language.values()) {
      if (l.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new FieldException("language", "\"" + value + "\" is not a language; one of zh, en");
  }

  /** From {@code quietHours} ("22:00-07:00") or from {@code quietFrom} and {@code quietTo}. */
  static QuietHours quietHours(RecipientForm form) {
    boolean span = form.quietHours() != null && !form.quietHours().isBlank();
    boolean from = form.quietFrom() != null && !form.quietFrom().isBlank();
    boolean to = form.quietTo() != null && !form.quietTo().isBlank();
    if (span && (from || to)) {
      throw new FieldException("quietHours", "give quietHours or quietFrom and quietTo, not both");
    }
    QuietHours hours;
    if (span) {
      String[] ends = form.quietHours().strip().split("\\s*-\\s*", -1);
      if (ends.length != 2) {
        throw new FieldException(
            "quietHours", "\"" + form.quietHours() + "\" is not HH:MM-HH:MM, e.g. 22:00-07:00");
      }
      hours = new QuietHours(time("quietHours", ends[0]), time("quietHours", ends[1]));
    } else if (from || to) {
      if (!from || !to) {
        throw new FieldException(
            from ? "quietTo" : "quietFrom", "missing; give both quietFrom and quietTo, or neither");
      }
      hours = new QuietHours(time("quietFrom", form.quietFrom()), time("quietTo", form.quietTo()));
    } else {
      return null;
    }
    if (hours.from().equals(hours.to())) {
      throw new FieldException(
          span ? "quietHours" : "quietTo",
          "starts and ends at " + hours.from() + "; leave quiet hours out for none");
    }
    return hours;
  }

  private static LocalTime time(String field, String value) {
    String v = value.strip();
    if (!HH_MM.matcher(v).matches()) {
      throw new FieldException(field, "\"" + value + "\" is not a time HH:MM (00:00 to 23:59)");
    }
    try {
      return LocalTime.parse(v);
    } catch (DateTimeParseException e) {
      throw new FieldException(field, "\"" + value + "\" is not a time HH:MM (00:00 to 23:59)");
    }
  }

  private static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new FieldException(field, "missing");
    }
    String v = value.strip();
    if (v.length() > max) {
      throw new FieldException(field, "longer than " + max + " characters");
    }
    return v;
  }

  private static String optionalText(String field, String value, int max) {
    return value == null || value.isBlank() ? null : text(field, value, max);
  }
}
