package org.citysense.cloud.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.cloud.notify.Fakes.T0;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventChange;
import org.citysense.cloud.events.StoredChange;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.testdb.H2Database;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * What a person answers by SMS, as {@link Replies} reads it: only "1" or the event's short code
 * from someone the event was sent to acknowledges it, only STOP, TD or 退订 (spaces and case aside)
 * from a known number opts out, anything else changes nothing; never an exception. The input's
 * first byte picks the sender (a family member the event was sent to, one of another household, a
 * stranger, or the rest of the first line as the number); the rest is the reply's text.
 *
 * <p>The log is a real H2 database, migrated once per JVM: one gas alarm (event 1) was sent to the
 * mother, with a short code. Acknowledgements and opt-outs are only recorded, so every input meets
 * the same state.
 */
class SmsReplyFuzzTest {
  /**
   * Errors only: a warning or an info line per fuzzed input (a receipt without an id, a reply not
   * understood) would write megabytes a second. Kept here so the setting is not collected.
   */
  private static final Logger QUIET = quiet();

  private static final String MUM = "+8613800138000";
  private static final String OTHER_FAMILY = "+8613700137000";
  private static final String STRANGER = "+8610000000000";
  private static final Set<String> STOP = Set.of("STOP", "TD", "退订");

  private static final Scene SCENE = new Scene();

  @FuzzTest(maxDuration = "10s")
  void reply(byte[] input) {
    String from;
    String body = input.length == 0 ? "" : new String(input, 1, input.length - 1, UTF_8);
    switch (input.length == 0 ? 0 : input[0] & 0x03) {
      case 0 -> from = MUM;
      case 1 -> from = OTHER_FAMILY;
      case 2 -> from = STRANGER;
      default -> {
        int newline = body.indexOf('\n');
        from = newline < 0 ? body : body.substring(0, newline);
        body = newline < 0 ? "" : body.substring(newline + 1);
      }
    }
    SCENE.acknowledged.clear();
    SCENE.optedOut.clear();

    SCENE.replies.reply("smpp", from, body, T0.plusSeconds(60));

    // compatibility forms and case aside: the ligature "ﬆop" is STOP, the full-width "１" is 1
    String said = Normalizer.normalize(body, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
    boolean known = !SCENE.directory.byPhone(from).isEmpty();
    boolean stop = known && STOP.contains(said);
    boolean ack = !stop && from.equals(MUM) && (said.equals("1") || said.equals(SCENE.code));
    assertThat(SCENE.optedOut).isEqualTo(stop ? List.of(from) : List.of());
    assertThat(SCENE.acknowledged).isEqualTo(ack ? List.of(SCENE.gasId) : List.of());
  }

  /** The log, the directory and the events every input meets. */
  private static final class Scene {
    final Fakes.Directory directory = Fakes.Directory.sample();
    final Fakes.Events events = new Fakes.Events(java.time.Clock.fixed(T0, Fakes.SHANGHAI));
    final List<Long> acknowledged = new ArrayList<>();
    final List<String> optedOut = new ArrayList<>();
    final long gasId;
    final String code;
    final Replies replies;

    Scene() {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:sms-reply-fuzz;DB_CLOSE_DELAY=-1" + H2Database.OPTIONS);
      ds.setUser("sa");
      ds.setPassword("");
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      NotificationLog log = new NotificationLog(ds);
      Event gas = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
      gasId = gas.id();
      Notification sent =
          log.insert(
                  List.of(
                      new Notification(
                          0,
                          gas.id(),
                          "mum",
                          Recipient.FAMILY,
                          "smpp",
                          MUM,
                          Notification.ALARM,
                          0,
                          Severity.CRITICAL,
                          "gas",
                          Notification.QUEUED,
                          null,
                          0,
                          null,
                          T0,
                          T0,
                          null,
                          T0)))
              .get(0);
      log.submitted(sent.id(), 1, "smsc-1", T0);
      code = log.assignCode(gas.id(), T0, new Random(1)).orElseThrow();
      replies =
          new Replies(log, directory, new RecordedAcks(), (phone, ch, at) -> optedOut.add(phone));
    }

    /** The events as they are, with acknowledgements recorded instead of made. */
    private final class RecordedAcks implements EventAccess {
      @Override
      public Runnable listen(Consumer<EventChange> listener) {
        return () -> {};
      }

      @Override
      public List<StoredChange> changesAfter(long position, int limit) {
        return List.of();
      }

      @Override
      public long latestChange() {
        return 0;
      }

      @Override
      public Optional<Event> get(long id) {
        return events.get(id);
      }

      @Override
      public void acknowledge(long id, String actor, String note) {
        acknowledged.add(id);
      }

      /** The mother's "1" to this critical household alarm acknowledges it for the family. */
      @Override
      public void acknowledgeForFamily(long id, String actor, String note) {
        acknowledged.add(id);
      }

      @Override
      public boolean familyAcknowledged(long id) {
        return false;
      }
    }
  }

  private static Logger quiet() {
    Logger logger = Logger.getLogger("org.citysense.cloud.notify");
    logger.setLevel(Level.SEVERE);
    return logger;
  }
}
