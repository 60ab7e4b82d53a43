package org.citysense.cloud.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventChange;
import org.citysense.cloud.events.StoredChange;
import org.citysense.cloud.notify.channel.Channel;
import org.citysense.cloud.notify.channel.DeliveryListener;
import org.jboss.logging.Logger;

/**
 * Tells people of events: reads the events' outbox (raised, acknowledged, resolved, closed) from a
 * position it commits once what it made of the changes is logged, and on each tick has its
 * collaborators do their part, one at a time: the {@link Follower} decides whom to tell and when
 * (alarms, reminders, escalation, all-clears), the {@link Dispatcher} sends the due rows through
 * the channels and hears their receipts, {@link Replies} hears what people answer. See {@code
 * docs/notifications.md}.
 *
 * <p>Everything but {@link #onChange} (which only keeps the newest copy of an event and wakes the
 * worker) and the {@link DeliveryListener} calls happens in {@link #tick}, one tick at a time, at
 * the time it is given: a test drives it with a clock of its own; {@link #start} runs it on a
 * thread of its own, at once after a change and every {@code tickEvery} besides.
 *
 * <p>A crash before the position's commit makes it handle the same changes again, and the log takes
 * each message once, so nobody is told twice and no change is lost; what the follower keeps in
 * memory is read back from the log at {@link #subscribe}, and a send the crash cut off is settled
 * from its {@link SendNote}.
 */
public final class Notifier implements DeliveryListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Notifier.class);

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

  private final EventAccess events;
  private final ConsumerPositions positions;
  private final Clock clock;
  private final Config config;
  private final Follower follower;
  private final Dispatcher dispatcher;
  private final Replies replies;

  /** The newest copy of each event a live change brought, for the follower's copies. */
  private final Map<Long, Event> fresh = new ConcurrentHashMap<>();

  private final Semaphore wake = new Semaphore(0);
  private final Object tickLock = new Object();

  /** How far the outbox has been handled; guarded by {@link #tickLock}. */
  private long position;

  /** Failed tries of the change after {@link #position}; guarded by {@link #tickLock}. */
  private int changeFailures;

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
    this.events = events;
    this.positions = positions;
    this.clock = clock;
    this.config = config;
    this.follower = new Follower(log, policy, events, text, config);
    this.dispatcher =
        new Dispatcher(
            log, channels, id -> follower.followed(id).or(() -> events.get(id)), note, config);
    this.replies = new Replies(log, policy.directory(), events, optOuts);
  }

  /**
   * Listens to the events' changes, after reading back what it follows and settling a send cut off
   * by a stop; returns how to stop.
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
        dispatcher.settleCutOff(now);
        follower.restore(now);
      }
      unsubscribe = events.listen(this::onChange);
    }
    return unsubscribe;
  }

  /**
   * Sends only while {@code held} says so: in a cluster, while this node holds the notifier's lease
   * ({@link NotifierLease}).
   */
  public void onlyWhile(java.util.function.BooleanSupplier held) {
    dispatcher.onlyWhile(held);
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
   * Handles the outbox's changes, the due reminders and escalations, then sends the due rows.
   *
   * @param now the time; deterministic under a test's clock
   */
  public void tick(Instant now) {
    synchronized (tickLock) {
      for (Long id : List.copyOf(fresh.keySet())) {
        Event e = fresh.remove(id);
        if (e != null) {
          follower.refresh(e);
        }
      }
      handleChanges(now);
      follower.followUp(now);
      dispatcher.sendDue(now);
      follower.forgetResolved(now);
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
            follower.handle(change.kind(), e.get(), change.at());
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

  /** A provider's receipt: the row becomes delivered, or failed with the provider's detail. */
  @Override
  public void receipt(
      String channel, String providerId, boolean delivered, String detail, Instant at) {
    dispatcher.receipt(channel, providerId, delivered, detail, at);
  }

  /** A reply: see {@link Replies}. */
  @Override
  public void reply(String channel, String from, String body, Instant at) {
    replies.reply(channel, from, body, at);
  }
}
