package org.citysense.cloud.notify.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.notify.Language;
import org.citysense.cloud.notify.MessageText;
import org.citysense.cloud.notify.Notification;
import org.citysense.profiles.quantity.Quantity;

/**
 * {@link MessageText} by the {@link MessageTemplates}: the topic from the event's rule type,
 * quantity and subject kind, the place by its name ({@link PlaceNames}) or else its household,
 * station or device id, the value with its unit when the rule measured one, and the event's short
 * code. Which matter an event is about stays keyed by ids.
 */
public final class TemplatedMessageText implements MessageText {
  private final MessageTemplates templates;
  private final PlaceNames names;

  /**
   * @param names the names people know places by; the place's id where it has none
   */
  public TemplatedMessageText(MessageTemplates templates, PlaceNames names) {
    this.templates = Objects.requireNonNull(templates, "templates");
    this.names = Objects.requireNonNull(names, "names");
  }

  /** With the default brands, places named by their names. */
  public TemplatedMessageText(PlaceNames names) {
    this(new MessageTemplates(), names);
  }

  /** With the default brands, places named by their ids. */
  public TemplatedMessageText() {
    this(PlaceNames.IDS);
  }

  @Override
  public String render(
      Event event, String kind, int escalationLevel, Language language, String code) {
    EventNotice notice =
        new EventNotice(
            kind(kind),
            event.severity(),
            topic(event),
            names.of(event).orElseGet(() -> place(event)),
            value(event),
            code);
    return templates.render(notice, language);
  }

  static EventNotice.Kind kind(String kind) {
    if (kind == null) {
      return EventNotice.Kind.ALARM;
    }
    switch (kind) {
      case Notification.REMINDER:
        return EventNotice.Kind.REMINDER;
      case Notification.ESCALATION:
        return EventNotice.Kind.ESCALATION;
      case Notification.ALL_CLEAR:
        return EventNotice.Kind.ALL_CLEAR;
      default:
        return EventNotice.Kind.ALARM;
    }
  }

  /** The topic at the place, when the topic is a known one (not {@link Topic#OTHER}). */
  @Override
  public Optional<String> matter(Event e) {
    Topic topic = topic(e);
    String place = place(e);
    return topic == Topic.OTHER || place.isEmpty()
        ? Optional.empty()
        : Optional.of(topic.name() + "@" + place);
  }

  /** What the event is about, as the messages name it (the console names it the same way). */
  public static Topic topic(Event e) {
    String type = e.ruleType() == null ? null : e.ruleType().id();
    return Topic.of(type, quantity(e), e.subjectKind());
  }

  /**
   * The quantity the event is about: the details' {@code quantity} (state rules), else the quantity
   * its summary starts with ("gas 30.0 %LEL ≥ 20.0 …"), else the point of a point subject
   * ("device/point"); null when none.
   */
  static String quantity(Event e) {
    Object q = e.details().get("quantity");
    if (q != null) {
      return q.toString();
    }
    if (e.summary() != null) {
      String summary = e.summary().toLowerCase(Locale.ROOT);
      String best = null;
      for (Quantity quantity : Quantity.values()) {
        String name = quantity.id().replace('_', ' ');
        if ((summary.equals(name) || summary.startsWith(name + " "))
            && (best == null || quantity.id().length() > best.length())) {
          best = quantity.id();
        }
      }
      if (best != null) {
        return best;
      }
    }
    if ("point".equals(e.subjectKind()) && e.subjectId() != null) {
      int slash = e.subjectId().lastIndexOf('/');
      return slash < 0 ? null : e.subjectId().substring(slash + 1);
    }
    return null;
  }

  /** The household, else the station, else the device or gateway, else the subject. */
  static String place(Event e) {
    for (String id :
        new String[] {e.householdId(), e.stationId(), e.deviceId(), e.gatewayId(), e.subjectId()}) {
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return "";
  }

  /**
   * The latest value with its unit, when the rule measured one (its details name the unit). A rate
   * rule measured a rate: its unit is per hour and the reading's own value (a level in m) is not
   * what it names, so the rate from its details is told instead. The neighbour rule judged a
   * station's mean against its neighbours': that mean and how far above them it is ("48 µg/m³, +45
   * %").
   */
  static String value(Event e) {
    Object unit = e.details().get("unit");
    Object rate = e.details().get("ratePerHour");
    Double v =
        rate instanceof Number
            ? Double.valueOf(((Number) rate).doubleValue())
            : e.lastValue() != null ? e.lastValue() : e.firstValue();
    if (unit == null || v == null || !Double.isFinite(v)) {
      return null;
    }
    Object mean = e.details().get("mean");
    if (mean instanceof Number m) {
      v = m.doubleValue(); // a station's mean over the window is what the rule judged
    }
    String u = unit.toString();
    String told = u.isBlank() ? figure(v) : figure(v) + " " + u;
    Object above = e.details().get("percentAbove");
    return above instanceof Number p
        ? told
            + ", +"
            + BigDecimal.valueOf(p.doubleValue()).stripTrailingZeros().toPlainString()
            + " %"
        : told;
  }

  /** One decimal at most, none when it is 0: 48, 13.5. */
  private static String figure(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
