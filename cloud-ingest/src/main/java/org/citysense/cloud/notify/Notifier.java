package org.citysense.cloud.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventChange;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.events.StoredChange;
import org.citysense.cloud.events.TransitionException;
import org.citysense.cloud.notify.channel.Channel;
import org.citysense.cloud.notify.channel.ChannelException;
import org.citysense.cloud.notify.channel.DeliveredOnSubmit;
import org.citysense.cloud.notify.channel.DeliveryListener;
import org.citysense.cloud.notify.channel.OutboundMessage;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.rules.Severity;
import org.jboss.logging.Logger;

/**
 * The dispatcher: hears every event change, asks the {@link NotificationPolicy} whom to tell, logs
 * each message as a queued row of the {@link NotificationLog}, and sends the due rows through their
 * channels; retries with backoff, rate-limits per address, suppresses flapping, reminds, escalates,
 * and hears receipts and replies. See {@code docs/notifications.md}.
 *
 * <p>Everything but {@link #onChange} (which only queues the change) and the {@link
 * DeliveryListener} calls happens in {@link #tick}, one tick at a time, at the time it is given: a
 * test drives it with a clock of its own; {@link #start} runs it on a thread of its own, at once
 * after a change and every {@code tickEvery} besides.
 *
 * <p>The changes it acts on (raised, acknowledged, resolved, closed) come from the events' outbox,
 * from a position it commits once the rows it made of them are in the log; the live listener only
 * wakes it and keeps its copies of the events fresh. A crash before the commit makes it handle the
 * same changes again, and the log takes each message once (its {@code dedup_key}), so nobody is
 * told twice and no change is lost.
 *
 * <p>Which events are open, their reminders and escalation levels and the recently resolved
 * subjects (for flap suppression) are kept in memory; the log (the queue included) is in the store.
 * On {@link #subscribe} they are read back from the log, so that a restart neither forgets their
 * reminders, escalation and flap window nor repeats what was sent. The message being sent is noted
 * ({@link SendNote}) just before its channel is called; one noted and not yet logged after a crash
 * is taken as sent: nobody is told twice, and an alarm that did not go in that instant is repaired
 * by its reminder.
 */
public final class Notifier implements DeliveryListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Notifier.class);
  private static final Pattern CODE = Pattern.compile("\\d{4}");
  private static final Set<String> STOP = Set.of("STOP", "TD", "退订");
  private static final Set<String> TOLD_KINDS =
      Set.of(Notification.ALARM, Notification.REMINDER, Notification.ESCALATION);

  /**
   * @param maxAttempts how many times a retryable failure is tried in all
   * @param retryBase the wait after the first failure; doubled after each next one
   * @param retryMax the longest wait between tries
   * @param rateLimit how many messages one address may get per {@code rateWindow}; the first
   *     message of a critical alarm is never held back
   * @param rateWindow the span the rate limit counts over
   * @param flapWindow a subject that re-raises within this span after resolving does not notify its
   *     people again; the all-clear waits as long, in case it does
   * @param tickEvery how often the worker ticks when nothing happens
   * @param batch how many due rows one query fetches
   */
  public record Config(
      int maxAttempts,
      Duration retryBase,
      Duration retryMax,
      int rateLimit,
      Duration rateWindow,
      Duration flapWindow,
      Duration tickEvery,
      int batch) {
    public Config {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be 1 or more, was " + maxAttempts);
      }
      if (rateLimit < 1) {
        throw new IllegalArgumentException("rateLimit must be 1 or more, was " + rateLimit);
      }
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be 1 or more, was " + batch);
      }
    }

    /** 5 tries from 30 s apart up to 30 min; 5 messages per 10 min; 15 min flap window. */
    public static Config defaults() {
      return new Config(
          5,
          Duration.ofSeconds(30),
          Duration.ofMinutes(30),
          5,
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofSeconds(1),
          100);
    }
  }

  /** The consumer name of the outbox position it commits. */
  public static final String CONSUMER = "notifier";

  /** How many times a change whose handling fails is tried before it is passed over. */
  static final int CHANGE_ATTEMPTS = 5;

  /** An open event being followed: reminders and escalation. */
  private static final class Open {
    Event event;
    final Set<String> carried;
    final Instant raisedAt;

    /** What it tells about ({@link MessageText#matter}), or null. */
    String matter;

    /** The other open events of the same matter, acknowledged together with this one. */
    final Set<Long> sameMatter = new HashSet<>();

    Instant lastMessageAt;
    int reminders;
    int level;
    boolean escalating = true;
    boolean acknowledged;

    Open(Event event, Instant at, Set<String> carried) {
      this(event, at, at, carried);
    }

    Open(Event event, Instant raisedAt, Instant lastMessageAt, Set<String> carried) {
      this.event = event;
      this.lastMessageAt = lastMessageAt;
      this.raisedAt = raisedAt;
      this.carried = carried;
    }
  }

  /** A subject's event resolved: who had been told, for flap suppression. */
  private record Resolved(long eventId, Set<String> told, Instant at) {}

  private final NotificationLog log;
  private final NotificationPolicy policy;
  private final Map<String, Channel> channels = new HashMap<>();
  private final EventAccess events;
  private final OptOutHandler optOuts;
  private final MessageText text;
  private final Clock clock;
  private final Config config;
  private final Random random = new Random();

  private final ConsumerPositions positions;
  private final SendNote note;

  /** The newest copy of each event a live change brought, for {@link #open}'s copies. */
  private final Map<Long, Event> fresh = new ConcurrentHashMap<>();

  /** How far the outbox has been handled; guarded by {@link #tickLock}. */
  private long position;

  /** Failed tries of the change after {@link #position}; guarded by {@link #tickLock}. */
  private int changeFailures;

  private final Semaphore wake = new Semaphore(0);
  private final Object tickLock = new Object();

  /** Guarded by {@link #tickLock}. */
  private final Map<Long, Open> open = new LinkedHashMap<>();

  /** By subject (rule and subject); guarded by {@link #tickLock}. */
  private final Map<String, Resolved> resolved = new HashMap<>();

  /**
   * How many early receipts (arrived before their row was marked submitted) are kept; the oldest
   * goes first.
   */
  static final int EARLY_RECEIPTS = 1000;

  /** A receipt kept until its row gets its provider id. */
  private record EarlyReceipt(boolean delivered, String detail, Instant at) {}

  /**
   * Receipts that matched no row yet, by channel and provider id: an SMSC may answer before {@link
   * Channel#send} has returned and the row has been marked submitted. Guarded by itself, also
   * across marking a row submitted and recording a receipt, so that no receipt falls between.
   */
  private final Map<String, EarlyReceipt> early =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EarlyReceipt> eldest) {
          return size() > EARLY_RECEIPTS;
        }
      };

  private volatile boolean running;
  private Thread worker;
  private Runnable unsubscribe;

  /**
   * @param channels the channels by their {@link Channel#id()}, as the policy's config names them
   * @param positions where it commits how far it has read the events' outbox
   * @param note where it notes the message it is sending
   * @param optOuts told of STOP replies (the recipients' repository)
   */
  public Notifier(
      NotificationLog log,
      NotificationPolicy policy,
      List<Channel> channels,
      EventAccess events,
      ConsumerPositions positions,
      SendNote note,
      OptOutHandler optOuts,
      MessageText text,
      Clock clock,
      Config config) {
    this.log = log;
    this.positions = positions;
    this.note = note;
    this.policy = policy;
    for (Channel c : channels) {
      this.channels.put(c.id(), c);
    }
    this.events = events;
    this.optOuts = optOuts;
    this.text = text;
    this.clock = clock;
    this.config = config;
  }

  /** How far back a restart looks for events still being followed. */
  static final Duration RESTORE_HORIZON = Duration.ofDays(7);

  /**
   * Listens to the events' changes, after reading back those being followed; returns how to stop.
   */
  public synchronized Runnable subscribe() {
    if (unsubscribe == null) {
      Instant now = clock.instant();
      OptionalLong committed = positions.get(CONSUMER);
      synchronized (tickLock) {
        if (committed.isPresent()) {
          position = committed.getAsLong();
        } else {
          // the first start: what happened before is no news
          position = events.latestChange();
          positions.commit(CONSUMER, position, now);
        }
      }
      Optional<SendNote.Noted> cutOff = note.last();
      if (cutOff.isPresent() && log.takenAsSent(cutOff.get().id(), cutOff.get().attempts(), now)) {
        LOG.warnf(
            "notification %d was being sent when the service stopped: taken as sent, not sent"
                + " again (if it did not go, its reminder follows)",
            cutOff.get().id());
      }
      note.clear();
      restore(now);
      unsubscribe = events.listen(this::onChange);
    }
    return unsubscribe;
  }

  /**
   * Reads back the open and acknowledged events that were told of (after a restart): when the last
   * message went, how many reminders and how many escalation levels, from the log's rows.
   */
  private void restore(Instant now) {
    synchronized (tickLock) {
      int restored = 0;
      for (long id : log.eventsToldSince(now.minus(RESTORE_HORIZON))) {
        if (open.containsKey(id)) {
          continue;
        }
        Optional<Event> found = events.get(id);
        if (found.isEmpty()
            || (found.get().status() != EventStatus.OPEN
                && found.get().status() != EventStatus.ACKNOWLEDGED)) {
          continue;
        }
        Event e = found.get();
        List<Notification> history = log.forEvent(id);
        Instant last = e.raisedAt() == null ? now : e.raisedAt();
        Set<Instant> reminderRounds = new HashSet<>();
        int level = 0;
        for (Notification n : history) {
          boolean message =
              Notification.ALARM.equals(n.kind()) || Notification.REMINDER.equals(n.kind());
          if (message && n.createdAt().isAfter(last)) {
            last = n.createdAt();
          }
          if (Notification.REMINDER.equals(n.kind())) {
            reminderRounds.add(n.createdAt());
          }
          level = Math.max(level, n.escalationLevel());
        }
        Open o = new Open(e, e.raisedAt() == null ? last : e.raisedAt(), last, Set.of());
        o.reminders = reminderRounds.size();
        o.level = level;
        o.acknowledged = e.status() == EventStatus.ACKNOWLEDGED;
        o.matter = text.matter(e).orElse(null);
        open.put(id, o);
        restored++;
      }
      // the same-matter links, as raised() makes them: acknowledged together, and only the
      // earliest of a matter escalates
      for (Open o : open.values()) {
        for (Open other : open.values()) {
          if (o != other && o.matter != null && o.matter.equals(other.matter)) {
            o.sameMatter.add(other.event.id());
            if (other.raisedAt.isBefore(o.raisedAt)) {
              o.escalating = false;
            }
          }
        }
      }
      int flapping = restoreResolved(now);
      if (restored > 0 || flapping > 0) {
        LOG.infof(
            "following %d open events again after a start, %d resolved ones within the flap"
                + " window",
            restored, flapping);
      }
    }
  }

  /**
   * Reads back the events resolved within the flap window that had told people (their all-clear
   * rows are recent): a re-raise of the same subject soon after a restart still tells nobody twice.
   */
  private int restoreResolved(Instant now) {
    int n = 0;
    for (long id : log.eventsWithAllClearSince(now.minus(config.flapWindow()))) {
      Optional<Event> e = events.get(id);
      if (e.isEmpty() || e.get().status().active()) {
        continue;
      }
      List<Notification> history = log.forEvent(id);
      Set<String> told = told(history, false);
      Instant at =
          history.stream()
              .filter(r -> Notification.ALL_CLEAR.equals(r.kind()))
              .map(Notification::createdAt)
              .min(Instant::compareTo)
              .orElse(now);
      if (!told.isEmpty()) {
        resolved.merge(
            subject(e.get()),
            new Resolved(id, Set.copyOf(told), at),
            (a, b) -> a.at().isAfter(b.at()) ? a : b);
        n++;
      }
    }
    return n;
  }

  /** Subscribes and starts the worker thread that ticks. */
  public synchronized void start() {
    subscribe();
    if (worker != null) {
      return;
    }
    running = true;
    worker = new Thread(this::work, "notifier");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public synchronized void close() {
    running = false;
    if (unsubscribe != null) {
      unsubscribe.run();
      unsubscribe = null;
    }
    if (worker != null) {
      worker.interrupt();
      try {
        worker.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      worker = null;
    }
  }

  private void work() {
    while (running) {
      try {
        wake.tryAcquire(config.tickEvery().toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        tick(clock.instant());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.errorf(e, "notification tick failed");
      }
    }
  }

  /**
   * From the event service, on its writing thread: keeps the event's newest copy and wakes the
   * worker, which reads what to do from the outbox.
   */
  public void onChange(EventChange change) {
    fresh.put(change.event().id(), change.event());
    wake.release();
  }

  /**
   * Handles the changes heard, the due reminders and escalations, then sends the due rows.
   *
   * @param now the time; deterministic under a test's clock
   */
  public void tick(Instant now) {
    synchronized (tickLock) {
      refreshOpen();
      handleChanges(now);
      followUp(now);
      sendDue(now);
      resolved.values().removeIf(r -> !now.isBefore(r.at().plus(config.flapWindow())));
    }
  }

  /** The open events' copies take what live changes brought (a repeat's value, an assignee). */
  private void refreshOpen() {
    for (Long id : List.copyOf(fresh.keySet())) {
      Event e = fresh.remove(id);
      Open o = open.get(id);
      if (o != null && e != null) {
        o.event = e;
      }
    }
  }

  /**
   * Handles the outbox's changes after {@link #position} and commits the position once their rows
   * are logged. A change whose handling fails stops the round and is tried again next tick, for as
   * long as the database is away; one that fails for what it is (a bug, a value the database
   * refuses) is passed over after {@value #CHANGE_ATTEMPTS} attempts with an error in the log, so
   * it does not hold up every other.
   */
  private void handleChanges(Instant now) {
    long start = position;
    List<StoredChange> changes;
    do {
      changes = events.changesAfter(position, config.batch());
      for (StoredChange change : changes) {
        try {
          Optional<Event> e = events.get(change.eventId());
          if (e.isPresent()) {
            handle(change.kind(), e.get(), change.at());
          }
        } catch (RuntimeException e) {
          boolean outage = e instanceof DataAccessException d && !d.permanent();
          if (outage || ++changeFailures < CHANGE_ATTEMPTS) {
            LOG.warnf(
                "cannot handle an event change, will try again [event: %d, change: %s]: %s",
                change.eventId(), change.kind(), e.getMessage());
            commit(start, now);
            return;
          }
          LOG.errorf(
              e,
              "cannot handle an event change, passed over after %d attempts [event: %d, change:"
                  + " %s]",
              changeFailures,
              change.eventId(),
              change.kind());
        }
        changeFailures = 0;
        position = change.position();
      }
    } while (changes.size() == config.batch());
    commit(start, now);
  }

  private void commit(long start, Instant now) {
    if (position != start) {
      positions.commit(CONSUMER, position, now);
    }
  }

  private void handle(String kind, Event e, Instant at) {
    switch (kind) {
      case "raised" -> raised(e, at);
      case "acknowledged" -> acknowledged(e, at);
      case "resolved", "closed" -> ended(e, at);
      default -> {
        // nothing else reaches the outbox
      }
    }
  }

  private void raised(Event e, Instant at) {
    if (open.containsKey(e.id())
        || log.forEvent(e.id()).stream().anyMatch(n -> Notification.ALARM.equals(n.kind()))) {
      return; // one alarm per event, also when the outbox gives its raise again after a crash
    }
    boolean follows = !e.test() && e.severity() != Severity.INFO;
    String code = follows ? log.assignCode(e.id(), at, random).orElse(null) : null;
    List<Delivery> planned = policy.alarm(e, at);
    Set<String> carried = Set.of();
    Resolved before = resolved.remove(subject(e));
    if (before != null && at.isBefore(before.at().plus(config.flapWindow()))) {
      // flapping: the people told of the last event still think it on; no second alarm
      carried = before.told();
      log.suppressQueued(
          before.eventId(),
          Set.of(Notification.ALL_CLEAR),
          "flapping: re-raised as event " + e.id(),
          at);
      String why =
          "flapping: told of event "
              + before.eventId()
              + ", resolved "
              + Duration.between(before.at(), at).toSeconds()
              + " s before";
      planned = suppressFor(planned, carried, why);
    }
    String matter = follows ? text.matter(e).orElse(null) : null;
    Open first = matter == null ? null : openOfMatter(matter, at);
    if (first != null) {
      // the same matter raised again by another rule: those told of it hear nothing new
      Set<String> toldOrQueued =
          people(
              log.forEvent(first.event.id()),
              n -> n.sent() || Notification.QUEUED.equals(n.status()));
      planned =
          suppressFor(
              planned,
              toldOrQueued,
              "told already with event " + first.event.id() + " (the same matter)");
    }
    log.insert(rows(e, planned, code, at));
    if (follows) {
      Open o = new Open(e, at, carried);
      o.matter = matter;
      if (first != null) {
        o.escalating = false; // the first event of the matter escalates for both
        o.sameMatter.add(first.event.id());
        o.sameMatter.addAll(first.sameMatter);
        for (long other : o.sameMatter) {
          Open linked = open.get(other);
          if (linked != null) {
            linked.sameMatter.add(e.id());
          }
        }
      }
      open.put(e.id(), o);
    }
  }

  /** The earliest open, unacknowledged event of this matter raised within the flap window. */
  private Open openOfMatter(String matter, Instant at) {
    for (Open o : open.values()) {
      if (matter.equals(o.matter)
          && !o.acknowledged
          && o.event.status() == EventStatus.OPEN
          && at.isBefore(o.raisedAt.plus(config.flapWindow()))) {
        return o;
      }
    }
    return null;
  }

  /** The planned deliveries, those queued for one of {@code people} suppressed with {@code why}. */
  private static List<Delivery> suppressFor(
      List<Delivery> planned, Set<String> people, String why) {
    List<Delivery> kept = new ArrayList<>();
    for (Delivery d : planned) {
      boolean person = !NotificationPolicy.WEBHOOK.equals(d.recipientRole());
      kept.add(person && d.queued() && people.contains(d.who()) ? d.suppressed(why) : d);
    }
    return kept;
  }

  private void acknowledged(Event e, Instant at) {
    Open o = open.get(e.id());
    if (o != null) {
      o.event = e;
      o.acknowledged = true;
    }
    log.suppressQueued(
        e.id(), Set.of(Notification.REMINDER, Notification.ESCALATION), "acknowledged", at);
    if (o != null) {
      for (long other : o.sameMatter) {
        Open linked = open.get(other);
        if (linked != null && !linked.acknowledged && linked.event.status() == EventStatus.OPEN) {
          linked.acknowledged = true; // before its own change comes back, so no echo
          try {
            events.acknowledge(
                other,
                e.acknowledgedBy() == null ? "notifier" : e.acknowledgedBy(),
                "acknowledged with event " + e.id() + " (the same matter)");
          } catch (TransitionException | NotFoundException ex) {
            LOG.infof(
                "cannot acknowledge event %d with event %d: %s", other, e.id(), ex.getMessage());
          }
        }
      }
    }
  }

  private void ended(Event e, Instant at) {
    Open o = open.remove(e.id());
    log.suppressQueued(e.id(), TOLD_KINDS, e.status().id() + " before it was sent", at);
    log.releaseCode(e.id(), at);
    List<Notification> history = log.forEvent(e.id());
    if (history.stream().anyMatch(n -> Notification.ALL_CLEAR.equals(n.kind()))) {
      return; // closed after resolved: the all-clear is out already
    }
    Set<String> told = new HashSet<>(o == null ? Set.of() : o.carried);
    told.addAll(told(history, false));
    int levels =
        history.stream()
            .filter(Notification::sent)
            .mapToInt(Notification::escalationLevel)
            .max()
            .orElse(0);
    List<Delivery> planned = new ArrayList<>();
    for (Delivery d : policy.allClear(e, told, levels, at)) {
      boolean person = !NotificationPolicy.WEBHOOK.equals(d.recipientRole());
      // the all-clear waits out the flap window: a re-raise within it cancels it
      planned.add(person ? d.notBefore(at.plus(config.flapWindow())) : d);
    }
    log.insert(rows(e, planned, null, at));
    if (!told.isEmpty()) {
      resolved.put(subject(e), new Resolved(e.id(), Set.copyOf(told), at));
    }
  }

  /** Reminders and escalations that are due. */
  private void followUp(Instant now) {
    for (Open o : open.values()) {
      if (o.acknowledged || o.event.status() != EventStatus.OPEN) {
        continue;
      }
      try {
        remind(o, now);
        escalate(o, now);
      } catch (RuntimeException e) {
        LOG.errorf(e, "cannot follow up an event [event: %d]", o.event.id());
      }
    }
  }

  private void remind(Open o, Instant now) {
    Optional<Instant> due = policy.nextReminder(o.lastMessageAt, o.reminders);
    if (due.isEmpty() || now.isBefore(due.get())) {
      return;
    }
    Event e = o.event;
    Set<String> told = new HashSet<>(o.carried);
    told.addAll(told(log.forEvent(e.id()), true));
    o.reminders++;
    o.lastMessageAt = now;
    log.insert(rows(e, policy.reminder(e, told, now), log.code(e.id()).orElse(null), now));
  }

  private void escalate(Open o, Instant now) {
    Event e = o.event;
    while (o.escalating && !now.isBefore(policy.escalationAt(e, o.level + 1))) {
      Optional<List<Delivery>> planned = policy.escalation(e, o.level + 1, now);
      if (planned.isEmpty()) {
        o.escalating = false; // the top of the hierarchy
        return;
      }
      o.level++;
      Set<String> already = new HashSet<>();
      for (Notification n : log.forEvent(e.id())) {
        if (TOLD_KINDS.contains(n.kind())) {
          already.add(n.recipientId() + "|" + n.address());
        }
      }
      List<Delivery> fresh =
          planned.get().stream().filter(d -> !already.contains(d.who())).toList();
      log.insert(rows(e, fresh, log.code(e.id()).orElse(null), now));
    }
  }

  /**
   * Whom the rows tell of the event (a channel took their alarm, reminder or escalation).
   *
   * @param ownUnitOnly only escalation level 0
   */
  private static Set<String> told(List<Notification> history, boolean ownUnitOnly) {
    return people(history, n -> n.sent() && (!ownUnitOnly || n.escalationLevel() == 0));
  }

  /**
   * The people (not webhooks) of the alarm, reminder and escalation rows that {@code which} picks.
   */
  private static Set<String> people(
      List<Notification> history, java.util.function.Predicate<Notification> which) {
    Set<String> people = new HashSet<>();
    for (Notification n : history) {
      if (TOLD_KINDS.contains(n.kind())
          && !NotificationPolicy.WEBHOOK.equals(n.recipientRole())
          && which.test(n)) {
        people.add(n.recipientId() + "|" + n.address());
      }
    }
    return people;
  }

  private List<Notification> rows(Event e, List<Delivery> planned, String code, Instant at) {
    List<Notification> rows = new ArrayList<>();
    for (Delivery d : planned) {
      String body = text.render(e, d.kind(), d.escalationLevel(), d.language(), code);
      if (e.test()) {
        body = "[TEST] " + body;
      }
      rows.add(
          new Notification(
              0,
              e.id(),
              d.recipientId(),
              d.recipientRole(),
              d.channel(),
              d.address(),
              d.kind(),
              d.escalationLevel(),
              e.severity(),
              body,
              d.status(),
              d.reason(),
              0,
              null,
              at,
              at,
              null,
              d.notBefore()));
    }
    return rows;
  }

  private void sendDue(Instant now) {
    while (true) {
      List<Notification> due = log.due(now, config.batch());
      for (Notification n : due) {
        deliver(n, now);
      }
      if (due.size() < config.batch()) {
        return;
      }
    }
  }

  private void deliver(Notification n, Instant now) {
    boolean firstCriticalAlarm =
        Notification.ALARM.equals(n.kind()) && n.severity() == Severity.CRITICAL;
    if (!firstCriticalAlarm && !NotificationPolicy.WEBHOOK.equals(n.recipientRole())) {
      int sent = log.sentTo(n.address(), now.minus(config.rateWindow()));
      if (sent >= config.rateLimit()) {
        log.suppress(
            n.id(),
            "rate limit: "
                + sent
                + " messages to this address in "
                + config.rateWindow().toMinutes()
                + " min",
            now);
        return;
      }
    }
    int attempts = n.attempts() + 1;
    Channel channel = channels.get(n.channel());
    if (channel == null) {
      log.failed(n.id(), attempts, "no channel " + n.channel() + " is configured", now);
      return;
    }
    // everything the channel needs is ready before the note: from the note to the channel's
    // write nothing but the channel runs, so a crash between them is as unlikely as can be
    OutboundMessage message =
        new OutboundMessage(n.address(), n.text(), Long.toString(n.id()), data(n));
    note.sending(n.id(), n.attempts());
    try {
      String providerId = channel.send(message);
      submitted(n, channel, attempts, providerId, now);
    } catch (ChannelException e) {
      failed(n, attempts, e.getMessage(), e.retryable(), now);
    } catch (RuntimeException e) {
      LOG.warnf(e, "channel failed [channel: %s, notification: %d]", n.channel(), n.id());
      failed(n, attempts, String.valueOf(e), true, now);
    }
    note.clear();
  }

  /**
   * Marks the row submitted; a channel whose send is its delivery (a webhook's 2xx) marks it
   * delivered at once, and a receipt that came before now is applied.
   */
  private void submitted(
      Notification n, Channel channel, int attempts, String providerId, Instant now) {
    synchronized (early) {
      log.submitted(n.id(), attempts, providerId, now);
      if (providerId == null) {
        return;
      }
      if (channel instanceof DeliveredOnSubmit) {
        log.receipt(n.channel(), providerId, true, null, now);
        return;
      }
      EarlyReceipt r = early.remove(key(n.channel(), providerId));
      if (r != null) {
        log.receipt(n.channel(), providerId, r.delivered(), r.detail(), r.at());
      }
    }
  }

  private static String key(String channel, String providerId) {
    return channel + "|" + providerId;
  }

  private void failed(Notification n, int attempts, String why, boolean retryable, Instant now) {
    if (retryable && attempts < config.maxAttempts()) {
      Duration wait = config.retryBase().multipliedBy(1L << Math.min(attempts - 1, 30));
      if (wait.compareTo(config.retryMax()) > 0) {
        wait = config.retryMax();
      }
      log.retryAt(n.id(), attempts, why, now.plus(wait), now);
      return;
    }
    String reason = retryable ? "gave up after " + attempts + " attempts: " + why : why;
    log.failed(n.id(), attempts, reason, now);
    LOG.warnf(
        "notification failed [notification: %d, event: %d, channel: %s, reason: %s]",
        n.id(), n.eventId(), n.channel(), reason);
  }

  private Map<String, Object> data(Notification n) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("eventId", n.eventId());
    data.put("kind", n.kind());
    data.put("severity", n.severity().id());
    data.put("escalationLevel", n.escalationLevel());
    data.put("recipientRole", n.recipientRole());
    Open o = open.get(n.eventId());
    Optional<Event> event = o != null ? Optional.of(o.event) : events.get(n.eventId());
    event.ifPresent(
        e -> {
          data.put("category", e.category().id());
          data.put("ruleId", e.ruleId());
          data.put("status", e.status().id());
          data.put("test", e.test());
          putIfNotNull(data, "summary", e.summary());
          putIfNotNull(data, "unitId", e.unitId());
          putIfNotNull(data, "householdId", e.householdId());
          putIfNotNull(data, "stationId", e.stationId());
          putIfNotNull(data, "deviceId", e.deviceId());
        });
    log.code(n.eventId()).ifPresent(code -> data.put("code", code));
    return data;
  }

  private static void putIfNotNull(Map<String, Object> data, String key, Object value) {
    if (value != null) {
      data.put(key, value);
    }
  }

  /** A provider's receipt: the row becomes delivered, or failed with the provider's detail. */
  @Override
  public void receipt(
      String channel, String providerId, boolean delivered, String detail, Instant at) {
    synchronized (early) {
      if (log.receipt(channel, providerId, delivered, detail, at) == 0) {
        // perhaps before its row was marked submitted: kept until it is (or crowded out)
        LOG.debugf("receipt for no logged message yet [channel: %s, id: %s]", channel, providerId);
        early.put(key(channel, providerId), new EarlyReceipt(delivered, detail, at));
      }
    }
  }

  /**
   * A reply: an event's short code or "1" (the latest open event sent to this phone) acknowledges
   * it; STOP, TD or 退订 opts the phone out; anything else is logged and ignored. Only someone the
   * event was sent to can acknowledge it.
   */
  @Override
  public void reply(String channel, String from, String body, Instant at) {
    String said = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
    List<Recipient> people = policy.directory().byPhone(from);
    if (people.isEmpty()) {
      LOG.infof("reply from an unknown number ignored [channel: %s, from: %s]", channel, from);
      return;
    }
    if (STOP.contains(said)) {
      optOuts.optOut(from, channel, at);
      int dropped = log.suppressQueuedTo(from, "opted out", at);
      LOG.infof("opted out by reply [from: %s, queued dropped: %d]", from, dropped);
      return;
    }
    List<Long> sentTo = log.eventsSentTo(from);
    Optional<Long> target = Optional.empty();
    if (CODE.matcher(said).matches()) {
      target = log.eventByCode(said).filter(sentTo::contains);
    } else if ("1".equals(said)) {
      for (long id : sentTo) {
        if (events.get(id).map(e -> e.status() == EventStatus.OPEN).orElse(false)) {
          target = Optional.of(id);
          break;
        }
      }
    }
    if (target.isEmpty()) {
      LOG.infof(
          "reply not understood, ignored [channel: %s, from: %s, text: %s]", channel, from, said);
      return;
    }
    try {
      events.acknowledge(target.get(), "sms:" + from, "acknowledged by SMS reply");
    } catch (TransitionException | NotFoundException e) {
      LOG.infof(
          "reply did not acknowledge [event: %d, from: %s]: %s",
          target.get(), from, e.getMessage());
    }
  }

  private static String subject(Event e) {
    return e.ruleId() + "|" + e.subjectKind() + ":" + e.subjectId();
  }
}
