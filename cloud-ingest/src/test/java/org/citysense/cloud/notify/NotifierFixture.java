package org.citysense.cloud.notify;

import static org.citysense.cloud.notify.Fakes.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.notify.channel.OutboundMessage;
import org.citysense.cloud.testdb.H2Database;
import org.citysense.cloud.testdb.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A notifier on a fresh H2 log with fake channels, directory and events, and a clock the test
 * moves: nothing happens unless the test ticks.
 */
@ExtendWith(H2Database.class)
abstract class NotifierFixture {
  MutableClock clock;
  Fakes.Directory directory;
  Fakes.FakeChannel sms;
  Fakes.FakeChannel push;
  Fakes.FakeChannel hook;
  Fakes.Events events;
  NotificationLog log;
  Notifier notifier;
  final List<String> optedOut = new ArrayList<>();
  DataSource db;
  java.nio.file.Path notePath;

  @BeforeEach
  void createNotifier(DataSource db) throws java.io.IOException {
    this.db = db;
    notePath = java.nio.file.Files.createTempFile("notify-sending", "");
    notePath.toFile().deleteOnExit();
    clock = new MutableClock(T0);
    directory = Fakes.Directory.sample();
    sms = new Fakes.FakeChannel("smpp");
    push = new Fakes.FakeChannel("push");
    hook = new Fakes.FakeChannel("webhook");
    events = new Fakes.Events(clock);
    log = new NotificationLog(db);
    build(NotificationPolicy.Config.defaults(), Notifier.Config.defaults());
  }

  void build(NotificationPolicy.Config policyConfig, Notifier.Config config) {
    events.listeners.clear();
    notifier =
        new Notifier(
            log,
            new NotificationPolicy(directory, Fakes::rules, policyConfig),
            List.of(sms, push, hook),
            events,
            new ConsumerPositions(db),
            new SendNote(notePath),
            (phone, channel, at) -> optedOut.add(phone),
            MessageText.PLAIN,
            clock,
            config);
    notifier.subscribe();
  }

  void tick() {
    notifier.tick(clock.instant());
  }

  /** Moves the clock to {@code T0 + d} and ticks. */
  void at(Duration d) {
    Instant t = T0.plus(d);
    if (t.isBefore(clock.instant())) {
      throw new IllegalArgumentException("time runs forward: " + d);
    }
    clock.advance(Duration.between(clock.instant(), t));
    tick();
  }

  List<OutboundMessage> smsTo(String phone) {
    return sms.sent.stream().filter(m -> m.address().equals(phone)).toList();
  }

  List<Notification> rows(long eventId, String kind) {
    return log.forEvent(eventId).stream().filter(n -> n.kind().equals(kind)).toList();
  }

  static final String MUM = "+8613800138000";
  static final String SON = "+8613900139000";
  static final String GRID = "+8613600136000";
  static final String STAFF_C1 = "+8613500135000";
  static final String STAFF_S1 = "+8613400134000";
  static final String STAFF_D1 = "+8613300133000";
  static final String OTHER_FAMILY = "+8613700137000";
}
