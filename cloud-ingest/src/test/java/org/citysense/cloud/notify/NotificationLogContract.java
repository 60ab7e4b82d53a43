package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.citysense.cloud.rules.Severity;
import org.citysense.cloud.testdb.DatabaseContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery log and the short codes, the same on every supported database. */
public abstract class NotificationLogContract extends DatabaseContract {
  private static final Instant T0 = Instant.parse("2024-05-01T02:00:00.123456789Z");

  private NotificationLog log;

  @BeforeEach
  void createLog() {
    log = new NotificationLog(db);
  }

  private static Notification queued(long eventId, String address, Instant next) {
    return new Notification(
        0,
        eventId,
        "c-1",
        Recipient.FAMILY,
        "smpp",
        address,
        Notification.ALARM,
        0,
        Severity.CRITICAL,
        "燃气泄漏 回复1234确认",
        Notification.QUEUED,
        null,
        0,
        null,
        T0,
        T0,
        null,
        next);
  }

  @Test
  void storesRowsAndListsThemByEvent() {
    List<Notification> stored =
        log.insert(List.of(queued(7, "+8613800138000", T0), queued(7, "+8613900139000", T0)));
    log.insert(List.of(queued(8, "+8613800138000", T0)));

    assertThat(stored).extracting(Notification::id).doesNotContain(0L).doesNotHaveDuplicates();
    List<Notification> rows = log.forEvent(7);
    assertThat(rows).hasSize(2);
    Notification first = rows.get(0);
    assertThat(first).isEqualTo(stored.get(0));
    assertThat(first.text()).isEqualTo("燃气泄漏 回复1234确认");
    assertThat(first.createdAt()).isEqualTo(Instant.parse("2024-05-01T02:00:00.123456Z"));
    assertThat(first.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void theSameMessageIsLoggedOnceHoweverOftenItIsInserted() {
    assertThat(log.insert(List.of(queued(7, "+8613800138000", T0)))).hasSize(1);

    List<Notification> again =
        log.insert(List.of(queued(7, "+8613800138000", T0), queued(7, "+8613900139000", T0)));

    assertThat(again).extracting(Notification::address).containsExactly("+8613900139000");
    assertThat(log.forEvent(7)).hasSize(2);
  }

  @Test
  void aRowCutOffWhileBeingSentIsTakenAsSentUnlessTriedSince() {
    Notification n = log.insert(List.of(queued(1, "+861", T0))).get(0);
    Notification refused = log.insert(List.of(queued(1, "+862", T0))).get(0);
    log.retryAt(refused.id(), 1, "SMSC busy", T0.plusSeconds(30), T0);

    assertThat(log.takenAsSent(n.id(), 0, T0.plusSeconds(5))).isTrue();
    assertThat(log.takenAsSent(n.id(), 0, T0.plusSeconds(5))).as("once").isFalse();
    assertThat(log.takenAsSent(refused.id(), 0, T0.plusSeconds(5)))
        .as("tried since the noted send: a refusal, not a send")
        .isFalse();

    Notification settled = log.get(n.id()).orElseThrow();
    assertThat(settled.status()).isEqualTo(Notification.SUBMITTED);
    assertThat(settled.attempts()).isEqualTo(1);
    assertThat(settled.reason()).contains("taken as sent");
    assertThat(log.sentTo("+861", T0)).as("counts as sent to the address").isEqualTo(1);
    assertThat(log.due(T0.plusSeconds(60), 10))
        .extracting(Notification::id)
        .containsExactly(refused.id());
  }

  @Test
  void dueRowsAreTheQueuedOnesWhoseTimeHasCome() {
    Notification now = log.insert(List.of(queued(1, "+861", T0))).get(0);
    Notification later = log.insert(List.of(queued(1, "+862", T0.plusSeconds(60)))).get(0);

    assertThat(log.due(T0, 10)).extracting(Notification::id).containsExactly(now.id());
    assertThat(log.due(T0.plusSeconds(60), 10))
        .extracting(Notification::id)
        .containsExactly(now.id(), later.id());
    log.suppress(now.id(), "rate limit", T0);
    assertThat(log.due(T0.plusSeconds(60), 10))
        .extracting(Notification::id)
        .containsExactly(later.id());
  }

  @Test
  void submissionsRetriesFailuresAndReceiptsAreRecorded() {
    Notification a = log.insert(List.of(queued(1, "+861", T0))).get(0);
    Notification b = log.insert(List.of(queued(1, "+862", T0))).get(0);
    Notification c = log.insert(List.of(queued(1, "+863", T0))).get(0);

    log.retryAt(a.id(), 1, "bind failed", T0.plusSeconds(30), T0);
    assertThat(log.get(a.id()).orElseThrow())
        .extracting(Notification::status, Notification::attempts, Notification::reason)
        .containsExactly(Notification.QUEUED, 1, "bind failed");
    log.submitted(a.id(), 2, "msg-a", T0.plusSeconds(30));
    log.submitted(b.id(), 1, "msg-b", T0);
    log.failed(c.id(), 5, "gave up after 5 attempts: timeout", T0);

    assertThat(log.receipt("smpp", "msg-a", true, "DELIVRD", T0.plusSeconds(40))).isEqualTo(1);
    assertThat(log.receipt("smpp", "msg-b", false, "UNDELIV", T0.plusSeconds(40))).isEqualTo(1);
    assertThat(log.receipt("http-sms", "msg-a", true, "DELIVRD", T0)).isZero();

    Notification ra = log.get(a.id()).orElseThrow();
    assertThat(ra.status()).isEqualTo(Notification.DELIVERED);
    assertThat(ra.attempts()).isEqualTo(2);
    assertThat(ra.reason()).isNull();
    assertThat(ra.submittedAt())
        .isEqualTo(T0.plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(ra.nextAttemptAt()).isNull();
    assertThat(log.get(b.id()).orElseThrow())
        .extracting(Notification::status, Notification::reason)
        .containsExactly(Notification.FAILED, "UNDELIV");
    assertThat(log.get(c.id()).orElseThrow())
        .extracting(Notification::status, Notification::attempts, Notification::reason)
        .containsExactly(Notification.FAILED, 5, "gave up after 5 attempts: timeout");
  }

  @Test
  void countsAndFindsWhatWasSentToAnAddress() {
    Notification a = log.insert(List.of(queued(1, "+861", T0))).get(0);
    Notification b = log.insert(List.of(queued(2, "+861", T0))).get(0);
    log.insert(List.of(queued(3, "+861", T0)));
    log.submitted(a.id(), 1, "x", T0);
    log.submitted(b.id(), 1, "y", T0.plusSeconds(60));

    assertThat(log.sentTo("+861", T0)).isEqualTo(2);
    assertThat(log.sentTo("+861", T0.plusSeconds(1))).isEqualTo(1);
    assertThat(log.sentTo("+862", T0)).isZero();
    assertThat(log.eventsSentTo("+861")).containsExactly(2L, 1L);
  }

  @Test
  void suppressesQueuedRowsOfKindsButNotWebhooks() {
    Notification alarm = log.insert(List.of(queued(1, "+861", T0))).get(0);
    Notification hook =
        log.insert(
                List.of(
                    new Notification(
                        0,
                        1,
                        "ops",
                        "webhook",
                        "webhook",
                        "ops",
                        Notification.ALARM,
                        0,
                        Severity.MAJOR,
                        "x",
                        Notification.QUEUED,
                        null,
                        0,
                        null,
                        T0,
                        T0,
                        null,
                        T0)))
            .get(0);

    assertThat(log.suppressQueued(1, Set.of(Notification.ALARM), "resolved", T0)).isEqualTo(1);
    assertThat(log.get(alarm.id()).orElseThrow().status()).isEqualTo(Notification.SUPPRESSED);
    assertThat(log.get(hook.id()).orElseThrow().status()).isEqualTo(Notification.QUEUED);
    assertThat(log.suppressQueuedTo("ops", "opted out", T0)).isEqualTo(1);
  }

  @Test
  void shortCodesAreUniqueAmongActiveEventsAndReleased() {
    Random random = new Random(1);
    Set<String> codes = new HashSet<>();
    for (long id = 1; id <= 50; id++) {
      String code = log.assignCode(id, T0, random).orElseThrow();
      assertThat(code).matches("[1-9]\\d{3}");
      codes.add(code);
    }
    assertThat(codes).hasSize(50);
    String first = log.code(1).orElseThrow();
    assertThat(log.assignCode(1, T0, random)).contains(first);
    assertThat(log.eventByCode(first)).contains(1L);

    log.releaseCode(1, T0.plus(Duration.ofMinutes(5)));
    assertThat(log.eventByCode(first)).isEmpty();
    assertThat(log.code(1)).contains(first);
  }

  @Test
  void aReleasedCodeMayBeHandedOutAgain() {
    // a generator that always says the same: the second event gets the code once it is free
    java.util.random.RandomGenerator same = () -> 0L;
    assertThat(log.assignCode(1, T0, same)).contains("1000");
    assertThat(log.assignCode(2, T0, same)).isPresent().get().isNotEqualTo("1000");
    log.releaseCode(1, T0);
    assertThat(log.assignCode(3, T0, same)).contains("1000");
    assertThat(log.eventByCode("1000")).contains(3L);
  }
}
