package org.citysense.cloud.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.Severity;

/**
 * Who is told what about an event, and when; see {@code docs/notifications.md}, "Policy". No I/O of
 * its own: the directory it is given is its only lookup, the time is an argument.
 *
 * <ul>
 *   <li>household alarm and welfare events: the household's family and the unit's grid workers;
 *   <li>other alarm and welfare events, and environment events: the unit's grid workers and staff;
 *   <li>connectivity and maintenance events: the unit's staff, never families;
 *   <li>test events (device in maintenance mode): families are suppressed ("maintenance: test
 *       event"); the others are told, the text marked TEST; no reminder, escalation or all-clear;
 *   <li>info events: no person, only webhooks;
 *   <li>no consent or opted out: suppressed; quiet hours: postponed to their end except for
 *       critical events;
 *   <li>escalation level n: the staff of the unit n levels above the event's unit.
 * </ul>
 */
public final class NotificationPolicy {
  /**
   * @param smsChannel the channel phones are reached by: {@code smpp} or {@code http-sms}
   * @param pushChannel the channel push tokens are reached by
   * @param webhookChannel the channel webhooks are called by
   * @param webhooks the webhooks' names: each is told of every event raised and resolved
   * @param reminderIntervals the waits before each reminder: the first after the alarm, the next
   *     after that reminder…; the last repeats
   * @param maxReminders how many reminders at most per event
   * @param escalationStep the wait per escalation level; null: the SLA of the event's severity
   */
  public record Config(
      String smsChannel,
      String pushChannel,
      String webhookChannel,
      List<String> webhooks,
      List<Duration> reminderIntervals,
      int maxReminders,
      Duration escalationStep) {
    public Config {
      Objects.requireNonNull(smsChannel, "smsChannel");
      Objects.requireNonNull(pushChannel, "pushChannel");
      Objects.requireNonNull(webhookChannel, "webhookChannel");
      webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
      reminderIntervals = reminderIntervals == null ? List.of() : List.copyOf(reminderIntervals);
      if (maxReminders > 0 && reminderIntervals.isEmpty()) {
        throw new IllegalArgumentException("reminders need at least one interval");
      }
    }

    /** SMPP, push, no webhook; reminders after 10 min, 30 min, then hourly, 3 at most; SLA. */
    public static Config defaults() {
      return new Config(
          "smpp",
          "push",
          "webhook",
          List.of(),
          List.of(Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)),
          3,
          null);
    }

    public Config withSmsChannel(String id) {
      return new Config(
          id,
          pushChannel,
          webhookChannel,
          webhooks,
          reminderIntervals,
          maxReminders,
          escalationStep);
    }

    public Config withWebhooks(List<String> names) {
      return new Config(
          smsChannel,
          pushChannel,
          webhookChannel,
          names,
          reminderIntervals,
          maxReminders,
          escalationStep);
    }

    public Config withEscalationStep(Duration step) {
      return new Config(
          smsChannel, pushChannel, webhookChannel, webhooks, reminderIntervals, maxReminders, step);
    }
  }

  public static final String WEBHOOK = "webhook";

  private final RecipientDirectory directory;
  private final Supplier<RuleSet> rules;
  private final Config config;

  /**
   * @param rules the rule set in force: its time zone for quiet hours, its SLAs for escalation
   */
  public NotificationPolicy(RecipientDirectory directory, Supplier<RuleSet> rules, Config config) {
    this.directory = directory;
    this.rules = rules;
    this.config = config;
  }

  /** The people, for matching SMS replies to them. */
  public RecipientDirectory directory() {
    return directory;
  }

  public Config config() {
    return config;
  }

  /** On {@code raised}: the alarm for the event's people, and for every webhook. */
  public List<Delivery> alarm(Event e, Instant now) {
    List<Delivery> out = new ArrayList<>();
    if (e.severity() != Severity.INFO) {
      out.addAll(deliveries(e, audience(e), Notification.ALARM, 0, now));
    }
    out.addAll(webhooks(Notification.ALARM, now));
    return out;
  }

  /**
   * A reminder for those of the event's own people who were told of it ({@link Delivery#who()}).
   * Test and info events have none.
   */
  public List<Delivery> reminder(Event e, Set<String> told, Instant now) {
    if (e.test() || e.severity() == Severity.INFO) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>();
    for (Delivery d : deliveries(e, audience(e), Notification.REMINDER, 0, now)) {
      if (told.contains(d.who())) {
        out.add(d);
      }
    }
    return out;
  }

  /**
   * Escalation level {@code level} (1: the unit above): its staff.
   *
   * @return empty when there is no unit that high, or the event does not escalate (test, info)
   */
  public Optional<List<Delivery>> escalation(Event e, int level, Instant now) {
    if (e.test() || e.severity() == Severity.INFO) {
      return Optional.empty();
    }
    return unitAbove(e.unitId(), level)
        .map(
            unit ->
                deliveries(
                    e,
                    only(directory.unitPeople(unit), Recipient.STAFF),
                    Notification.ESCALATION,
                    level,
                    now));
  }

  /**
   * On {@code resolved}: the all-clear for those who were told of the event ({@link
   * Delivery#who()}, up to escalation level {@code levels}), and for every webhook.
   */
  public List<Delivery> allClear(Event e, Set<String> told, int levels, Instant now) {
    List<Delivery> out = new ArrayList<>();
    if (!e.test() && e.severity() != Severity.INFO && !told.isEmpty()) {
      Map<String, Delivery> byWho = new LinkedHashMap<>();
      for (Delivery d : deliveries(e, audience(e), Notification.ALL_CLEAR, 0, now)) {
        byWho.putIfAbsent(d.who(), d);
      }
      for (int level = 1; level <= levels; level++) {
        Optional<String> unit = unitAbove(e.unitId(), level);
        if (unit.isEmpty()) {
          break;
        }
        List<Recipient> staff = only(directory.unitPeople(unit.get()), Recipient.STAFF);
        for (Delivery d : deliveries(e, staff, Notification.ALL_CLEAR, level, now)) {
          byWho.putIfAbsent(d.who(), d);
        }
      }
      for (Delivery d : byWho.values()) {
        if (told.contains(d.who())) {
          out.add(d);
        }
      }
    }
    out.addAll(webhooks(Notification.ALL_CLEAR, now));
    return out;
  }

  /** When reminder number {@code sent + 1} is due, after the previous message at {@code last}. */
  public Optional<Instant> nextReminder(Instant last, int sent) {
    if (sent >= config.maxReminders()) {
      return Optional.empty();
    }
    List<Duration> waits = config.reminderIntervals();
    return Optional.of(last.plus(waits.get(Math.min(sent, waits.size() - 1))));
  }

  /** When escalation level {@code level} is due: {@code level} steps after the event was raised. */
  public Instant escalationAt(Event e, int level) {
    Duration step =
        config.escalationStep() != null ? config.escalationStep() : rules.get().sla(e.severity());
    return e.raisedAt().plus(step.multipliedBy(level));
  }

  /** The event's own people, per its category (see the class comment). */
  List<Recipient> audience(Event e) {
    Category category = e.category();
    String unit = e.unitId();
    List<Recipient> people = new ArrayList<>();
    boolean household =
        e.householdId() != null && (category == Category.ALARM || category == Category.WELFARE);
    if (household) {
      for (Recipient r : directory.family(e.householdId())) {
        // a family contact hears only of their own household
        if (Recipient.FAMILY.equals(r.role()) && e.householdId().equals(r.householdId())) {
          people.add(r);
        }
      }
      if (unit != null) {
        people.addAll(only(directory.unitPeople(unit), Recipient.GRID_WORKER));
      }
    } else if (unit != null) {
      if (category == Category.CONNECTIVITY || category == Category.MAINTENANCE) {
        people.addAll(only(directory.unitPeople(unit), Recipient.STAFF));
      } else {
        people.addAll(only(directory.unitPeople(unit), Recipient.GRID_WORKER, Recipient.STAFF));
      }
    }
    return people;
  }

  private List<Delivery> deliveries(
      Event e, List<Recipient> people, String kind, int level, Instant now) {
    ZoneId zone = rules.get().timeZone();
    List<Delivery> out = new ArrayList<>();
    for (Recipient r : people) {
      String reason = null;
      Instant notBefore = now;
      String status = Notification.QUEUED;
      if (e.test() && Recipient.FAMILY.equals(r.role())) {
        status = Notification.SUPPRESSED;
        reason = "maintenance: test event";
      } else if (r.optedOut()) {
        status = Notification.SUPPRESSED;
        reason = "opted out";
      } else if (!r.consent()) {
        status = Notification.SUPPRESSED;
        reason = "no consent";
      } else if (e.severity() != Severity.CRITICAL && r.quietHours() != null) {
        Optional<Instant> end = quietUntil(r.quietHours(), now, zone);
        if (end.isPresent()) {
          notBefore = end.get();
          reason = "quiet hours until " + r.quietHours().to();
        }
      }
      Language language = r.language() == null ? Language.ZH : r.language();
      boolean suppressed = Notification.SUPPRESSED.equals(status);
      Instant when = suppressed ? null : notBefore;
      if (r.phone() != null && !r.phone().isBlank()) {
        out.add(
            new Delivery(
                r.id(),
                r.role(),
                language,
                config.smsChannel(),
                r.phone(),
                kind,
                level,
                status,
                reason,
                when));
      }
      if (r.pushToken() != null && !r.pushToken().isBlank()) {
        out.add(
            new Delivery(
                r.id(),
                r.role(),
                language,
                config.pushChannel(),
                r.pushToken(),
                kind,
                level,
                status,
                reason,
                when));
      }
    }
    return out;
  }

  private List<Delivery> webhooks(String kind, Instant now) {
    List<Delivery> out = new ArrayList<>();
    for (String name : config.webhooks()) {
      out.add(
          new Delivery(
              name,
              WEBHOOK,
              Language.EN,
              config.webhookChannel(),
              name,
              kind,
              0,
              Notification.QUEUED,
              null,
              now));
    }
    return out;
  }

  private Optional<String> unitAbove(String unit, int levels) {
    Optional<String> at = Optional.ofNullable(unit);
    for (int i = 0; i < levels && at.isPresent(); i++) {
      at = directory.parentUnit(at.get());
    }
    return at;
  }

  private static List<Recipient> only(List<Recipient> people, String... roles) {
    Set<String> wanted = Set.of(roles);
    return people.stream().filter(r -> wanted.contains(r.role())).toList();
  }

  /** The end of the quiet hours {@code now} falls in, if it falls in them. */
  static Optional<Instant> quietUntil(QuietHours quiet, Instant now, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    if (!quiet.contains(local.toLocalTime())) {
      return Optional.empty();
    }
    LocalTime to = quiet.to();
    ZonedDateTime end = local.toLocalDate().atTime(to).atZone(zone);
    if (!end.isAfter(local)) {
      end = local.toLocalDate().plusDays(1).atTime(to).atZone(zone);
    }
    return Optional.of(end.toInstant());
  }
}
