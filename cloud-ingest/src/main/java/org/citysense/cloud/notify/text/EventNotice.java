package org.citysense.cloud.notify.text;

import java.util.Objects;
import org.citysense.cloud.rules.Severity;

/**
 * The facts a notification text is made of.
 *
 * @param kind why we write: a new alarm, a reminder, an escalation, or the all clear
 * @param what the topic (see {@link Topic#of})
 * @param place where, short, e.g. {@code 3栋201}; cut with "…" when the text would not fit
 * @param value the reading, e.g. {@code 35 ppm}, or null; shortened or dropped after the place
 * @param code the event's short code to reply with, e.g. {@code 4821}, or null
 */
public record EventNotice(
    Kind kind, Severity severity, Topic what, String place, String value, String code) {
  /** Why a notification is written. */
  public enum Kind {
    ALARM,
    REMINDER,
    ESCALATION,
    ALL_CLEAR
  }

  public EventNotice {
    Objects.requireNonNull(kind, "kind");
    severity = severity == null ? Severity.MAJOR : severity;
    what = what == null ? Topic.OTHER : what;
    place = place == null ? "" : place.strip();
    value = value == null || value.isBlank() ? null : value.strip();
    code = code == null || code.isBlank() ? null : code.strip();
  }
}
