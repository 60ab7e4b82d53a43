package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.cloud.notify.Fakes.T0;

import java.time.Duration;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;

/**
 * The notifier after a crash: the changes it had not committed are handled again without a second
 * row or message, a message cut off while being sent goes again, and a subject resolved just before
 * the restart is still in its flap window.
 */
class NotifierRestartTest extends NotifierFixture {

  /** The service is killed and starts again: a new notifier on the same log and events. */
  private void restart() {
    notifier.close();
    build(NotificationPolicy.Config.defaults(), Notifier.Config.defaults());
  }

  @Test
  void aRaiseHandledAgainAfterACrashTellsNobodyTwice() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
    // killed after the rows were logged and sent, before its outbox position was saved
    new ConsumerPositions(db).commit(Notifier.CONSUMER, 0, T0);

    restart();
    tick();
    at(Duration.ofSeconds(30));

    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
    assertThat(rows(e.id(), Notification.ALARM)).hasSize(3);
  }

  @Test
  void aWholeEventHandledAgainAfterACrashLogsEachMessageOnce() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    at(Duration.ofMinutes(1));
    events.resolve(e.id());
    tick();
    // killed before it saved how far it had read: raised and resolved come again
    new ConsumerPositions(db).commit(Notifier.CONSUMER, 0, T0);

    restart();
    tick();
    at(Duration.ofMinutes(30));

    assertThat(rows(e.id(), Notification.ALARM)).hasSize(3);
    assertThat(rows(e.id(), Notification.ALL_CLEAR)).hasSize(3);
    assertThat(sms.sent).as("an alarm and an all-clear each").hasSize(6);
  }

  @Test
  void aRaiseIsNotPassedOverWhileTheDatabaseIsAway() {
    events.databaseAway = true;
    events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    for (int s = 1; s <= 10; s++) {
      at(Duration.ofSeconds(s));
    }
    assertThat(sms.sent).isEmpty();

    events.databaseAway = false;
    at(Duration.ofSeconds(11));

    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
  }

  @Test
  void aRaiseNotYetHandledWhenTheServiceStoppedIsHandledAfterTheStart() {
    notifier.close();
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0)); // while it is down

    build(NotificationPolicy.Config.defaults(), Notifier.Config.defaults());
    tick();

    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
    assertThat(rows(e.id(), Notification.ALARM)).hasSize(3);
  }

  @Test
  void aMessageCutOffWhileBeingSentIsTakenAsSentNotSentTwice() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    Notification toMum =
        rows(e.id(), Notification.ALARM).stream()
            .filter(n -> n.address().equals(MUM))
            .findFirst()
            .orElseThrow();
    // as if the process died after the SMSC took it, before its answer was logged
    notifier.close();
    new Transactions(db)
        .once(
            "cutting off a send",
            c ->
                Rows.update(
                    c,
                    "UPDATE notifications SET status = 'queued', submitted_at = NULL,"
                        + " attempts = 0, provider_id = NULL, next_attempt_at = ? WHERE id = ?",
                    T0,
                    toMum.id()));
    try (SendNote note = new SendNote(notePath)) {
      note.sending(toMum.id(), 0);
    }

    restart();
    tick();
    at(Duration.ofMinutes(5));

    assertThat(smsTo(MUM)).as("not sent again").hasSize(1);
    Notification settled = log.get(toMum.id()).orElseThrow();
    assertThat(settled.status()).isEqualTo(Notification.SUBMITTED);
    assertThat(settled.sent()).isTrue();
    assertThat(settled.attempts()).isEqualTo(1);
    assertThat(settled.reason()).contains("taken as sent");
  }

  @Test
  void aSendThatEndedInARefusalIsTriedAgainAfterARestart() {
    sms.failNext = 1; // the SMSC refuses, retryably: the row is queued for a retry
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    restart();
    at(Duration.ofMinutes(2));

    assertThat(rows(e.id(), Notification.ALARM))
        .extracting(Notification::status)
        .containsOnly(Notification.SUBMITTED);
    assertThat(rows(e.id(), Notification.ALARM)).allSatisfy(n -> assertThat(n.reason()).isNull());
  }

  @Test
  void aSubjectResolvedJustBeforeARestartDoesNotNotifyAgainWhenItFlaps() {
    Event first = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    at(Duration.ofMinutes(1));
    events.resolve(first.id());
    tick();

    restart();
    at(Duration.ofMinutes(3));
    Event again = events.raise(Fakes.gasAlarm(Severity.CRITICAL, clock.instant()));
    tick();

    assertThat(smsTo(MUM)).as("told once, before the restart").hasSize(1);
    assertThat(rows(again.id(), Notification.ALARM))
        .extracting(Notification::status)
        .containsOnly(Notification.SUPPRESSED);
  }
}
