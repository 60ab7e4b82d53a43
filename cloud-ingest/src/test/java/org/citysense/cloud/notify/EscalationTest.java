package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.cloud.notify.Fakes.T0;

import java.time.Duration;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;

/**
 * Reminders and escalation while an event stays unacknowledged; acknowledgement stops both, a
 * family's acknowledgement of a critical household event only the family's reminders.
 */
class EscalationTest extends NotifierFixture {

  @Test
  void escalatesAfterEachSlaStepToTheStaffOfTheNextUnitUp() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0)); // SLA 15 min
    tick();
    at(Duration.ofMinutes(14).plusSeconds(59));
    assertThat(smsTo(STAFF_S1)).isEmpty();
    at(Duration.ofMinutes(15));
    assertThat(smsTo(STAFF_S1)).hasSize(1);
    assertThat(smsTo(STAFF_S1).get(0).text()).startsWith("Escalated 1");
    assertThat(smsTo(STAFF_D1)).isEmpty();
    at(Duration.ofMinutes(30));
    assertThat(smsTo(STAFF_D1)).hasSize(1);
    at(Duration.ofHours(5));
    // the top reached: no more; the grid worker of the unit above is not staff
    assertThat(smsTo(STAFF_S1)).hasSize(1);
    assertThat(smsTo(STAFF_D1)).hasSize(1);
    assertThat(smsTo("+8613400134999")).isEmpty();
    assertThat(rows(e.id(), Notification.ESCALATION))
        .extracting(Notification::escalationLevel)
        .containsExactly(1, 2);
  }

  @Test
  void acknowledgementStopsEscalation() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    at(Duration.ofMinutes(15));
    notifier.reply("smpp", STAFF_S1, log.code(e.id()).orElseThrow(), clock.instant());
    at(Duration.ofHours(5));

    assertThat(smsTo(STAFF_S1)).hasSize(1);
    assertThat(smsTo(STAFF_D1)).isEmpty();
  }

  @Test
  void aFamilysReplyStopsTheFamilysRemindersWhileTheStaffEscalationGoesOn() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0)); // a household, critical
    tick();
    at(Duration.ofMinutes(1));
    notifier.reply("smpp", MUM, "1", clock.instant());
    tick();
    assertThat(events.familyAcknowledged(e.id())).isTrue();
    assertThat(events.events.get(e.id()).status())
        .isEqualTo(org.citysense.cloud.events.EventStatus.OPEN);

    at(Duration.ofMinutes(15));
    assertThat(smsTo(STAFF_S1)).hasSize(1); // escalated all the same
    assertThat(smsTo(GRID)).hasSize(2); // the alarm and a reminder: the staff still follow it
    assertThat(smsTo(MUM)).hasSize(1); // the alarm only
    assertThat(smsTo(SON)).hasSize(1);

    // a restart remembers that the family acknowledged
    notifier.close();
    build(NotificationPolicy.Config.defaults(), Notifier.Config.defaults());
    tick();
    at(Duration.ofMinutes(45));
    assertThat(smsTo(MUM)).hasSize(1);
    assertThat(smsTo(GRID)).hasSize(3);
    assertThat(smsTo(STAFF_D1)).hasSize(1);

    // the grid worker acknowledges: everything stops
    notifier.reply("smpp", GRID, "1", clock.instant());
    at(Duration.ofHours(5));
    assertThat(smsTo(GRID)).hasSize(3);
    assertThat(smsTo(STAFF_D1)).hasSize(1);
  }

  @Test
  void aFamilysReplyToANonCriticalEventAcknowledgesItForEveryone() {
    Event e = events.raise(Fakes.gasAlarm(Severity.MAJOR, T0));
    tick();
    notifier.reply("smpp", MUM, "1", clock.instant());
    tick();
    assertThat(events.events.get(e.id()).status())
        .isEqualTo(org.citysense.cloud.events.EventStatus.ACKNOWLEDGED);
    at(Duration.ofHours(5));
    assertThat(rows(e.id(), Notification.ESCALATION)).isEmpty();
  }

  @Test
  void aRestartKeepsFollowingOpenEventsWithoutRepeatingWhatWasSent() {
    events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0)); // SLA 15 min; reminders after 10, 30 min
    tick();
    at(Duration.ofMinutes(11));
    assertThat(smsTo(MUM)).hasSize(2); // the alarm and the first reminder
    int sent = sms.sent.size();

    notifier.close(); // the service restarts: a new notifier on the same log and events
    build(NotificationPolicy.Config.defaults(), Notifier.Config.defaults());
    tick();
    assertThat(sms.sent).hasSize(sent);

    at(Duration.ofMinutes(16));
    assertThat(smsTo(STAFF_S1)).hasSize(1);
    at(Duration.ofMinutes(40));
    assertThat(smsTo(MUM)).hasSize(2);
    at(Duration.ofMinutes(42));
    assertThat(smsTo(MUM)).hasSize(3); // the second reminder, 30 min after the first
  }

  @Test
  void aConfiguredStepReplacesTheSla() {
    build(
        NotificationPolicy.Config.defaults().withEscalationStep(Duration.ofMinutes(5)),
        Notifier.Config.defaults());
    events.raise(
        Fakes.event(Severity.MINOR, Category.ENVIRONMENT, "pm-1", null, "st-01", "c1", false, T0));
    tick();
    at(Duration.ofMinutes(5));
    assertThat(smsTo(STAFF_S1)).hasSize(1);
    at(Duration.ofMinutes(10));
    assertThat(smsTo(STAFF_D1)).hasSize(1);
  }

  @Test
  void remindersAreSpacedAndStoppedByAcknowledgement() {
    Event e =
        events.raise(
            Fakes.event(
                Severity.MAJOR, Category.ENVIRONMENT, "pm-1", null, "st-01", "c1", false, T0));
    tick();
    at(Duration.ofMinutes(9));
    assertThat(rows(e.id(), Notification.REMINDER)).isEmpty();
    at(Duration.ofMinutes(10));
    assertThat(rows(e.id(), Notification.REMINDER))
        .extracting(Notification::address)
        .containsExactlyInAnyOrder(GRID, STAFF_C1);
    at(Duration.ofMinutes(39));
    assertThat(rows(e.id(), Notification.REMINDER)).hasSize(2);
    at(Duration.ofMinutes(40)); // 30 min after the first
    assertThat(rows(e.id(), Notification.REMINDER)).hasSize(4);
    assertThat(smsTo(GRID).get(1).text()).startsWith("Reminder");

    events.acknowledge(e.id(), "op", null);
    at(Duration.ofHours(6));
    assertThat(rows(e.id(), Notification.REMINDER)).hasSize(4);
  }

  @Test
  void atMostTheConfiguredNumberOfReminders() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    for (int minutes = 5; minutes <= 600; minutes += 5) {
      at(Duration.ofMinutes(minutes));
    }
    // 10 min, +30 min, +60 min: three reminders to each of the three told
    assertThat(rows(e.id(), Notification.REMINDER)).hasSize(9);
    assertThat(smsTo(MUM)).hasSize(4);
  }
}
