package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.citysense.cloud.notify.Fakes.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;

/** Who is told what, and when: the policy alone, with a directory in memory. */
class NotificationPolicyTest {
  private final Fakes.Directory directory = Fakes.Directory.sample();
  private final NotificationPolicy policy =
      new NotificationPolicy(directory, Fakes::rules, NotificationPolicy.Config.defaults());

  @Test
  void aHouseholdGasAlarmGoesToItsFamilyAndTheGridWorker() {
    List<Delivery> d = policy.alarm(Fakes.gasAlarm(Severity.CRITICAL, T0), T0);

    assertThat(d)
        .extracting(Delivery::recipientId, Delivery::channel, Delivery::status, Delivery::notBefore)
        .containsExactlyInAnyOrder(
            tuple("mum", "smpp", Notification.QUEUED, T0),
            tuple("son", "smpp", Notification.QUEUED, T0),
            tuple("grid-1", "smpp", Notification.QUEUED, T0));
  }

  @Test
  void aStationPmEventGoesToTheUnitsPeopleOnly() {
    Event pm =
        Fakes.event(Severity.MAJOR, Category.ENVIRONMENT, "pm-1", null, "st-01", "c1", false, T0);

    assertThat(policy.alarm(pm, T0))
        .extracting(Delivery::recipientId)
        .containsExactlyInAnyOrder("grid-1", "staff-c1");
  }

  @Test
  void connectivityAndMaintenanceGoToStaffOnlyNeverFamilies() {
    for (Category c : List.of(Category.CONNECTIVITY, Category.MAINTENANCE)) {
      Event offline = Fakes.event(Severity.MAJOR, c, "gas-1", "h-201", null, "c1", false, T0);
      assertThat(policy.alarm(offline, T0))
          .extracting(Delivery::recipientId)
          .containsExactly("staff-c1");
    }
  }

  @Test
  void aTestEventReachesNoFamilyButTheGridWorker() {
    Event test =
        Fakes.event(Severity.CRITICAL, Category.ALARM, "gas-1", "h-201", null, "c1", true, T0);

    assertThat(policy.alarm(test, T0))
        .extracting(Delivery::recipientId, Delivery::status, Delivery::reason)
        .containsExactlyInAnyOrder(
            tuple("mum", Notification.SUPPRESSED, "maintenance: test event"),
            tuple("son", Notification.SUPPRESSED, "maintenance: test event"),
            tuple("grid-1", Notification.QUEUED, null));
    assertThat(policy.reminder(test, Set.of("grid-1|+8613600136000"), T0)).isEmpty();
    assertThat(policy.escalation(test, 1, T0)).isEmpty();
  }

  @Test
  void infoEventsTellNobodyButWebhooks() {
    NotificationPolicy withHook =
        new NotificationPolicy(
            directory,
            Fakes::rules,
            NotificationPolicy.Config.defaults().withWebhooks(List.of("ops")));
    Event info = Fakes.gasAlarm(Severity.INFO, T0);

    assertThat(policy.alarm(info, T0)).isEmpty();
    assertThat(withHook.alarm(info, T0))
        .extracting(Delivery::recipientRole, Delivery::channel, Delivery::address)
        .containsExactly(tuple("webhook", "webhook", "ops"));
  }

  @Test
  void quietHoursPostponeAMajorAlarmToTheirEndButNotACriticalOne() {
    Instant night = Instant.parse("2024-05-01T15:30:00Z"); // 23:30 in Shanghai
    Instant seven = Instant.parse("2024-05-01T23:00:00Z"); // 07:00 the next day

    assertThat(policy.alarm(Fakes.gasAlarm(Severity.MAJOR, night), night))
        .filteredOn(d -> d.recipientRole().equals(Recipient.FAMILY))
        .extracting(Delivery::status, Delivery::notBefore, Delivery::reason)
        .containsOnly(tuple(Notification.QUEUED, seven, "quiet hours until 07:00"));
    assertThat(policy.alarm(Fakes.gasAlarm(Severity.CRITICAL, night), night))
        .extracting(Delivery::notBefore)
        .containsOnly(night);
    // the grid worker has no quiet hours
    assertThat(policy.alarm(Fakes.gasAlarm(Severity.MAJOR, night), night))
        .filteredOn(d -> d.recipientId().equals("grid-1"))
        .extracting(Delivery::notBefore)
        .containsExactly(night);
  }

  @Test
  void quietHoursEndTheSameMorningAfterMidnight() {
    Instant early = Instant.parse("2024-05-01T19:00:00Z"); // 03:00 on 2 May in Shanghai
    assertThat(NotificationPolicy.quietUntil(Fakes.NIGHT, early, Fakes.SHANGHAI))
        .contains(Instant.parse("2024-05-01T23:00:00Z"));
    assertThat(NotificationPolicy.quietUntil(Fakes.NIGHT, T0, Fakes.SHANGHAI)).isEmpty();
  }

  @Test
  void optedOutAndUnconsentingPeopleAreSuppressedWithTheReason() {
    Recipient mum = Fakes.family("mum", "+8613800138000", "h-201");
    directory.replace(
        new Recipient(
            "mum",
            Recipient.FAMILY,
            "mum",
            mum.phone(),
            "tok-1",
            Language.ZH,
            null,
            true,
            true,
            "h-201",
            null));
    directory.replace(
        new Recipient(
            "son",
            Recipient.FAMILY,
            "son",
            "+8613900139000",
            null,
            Language.ZH,
            null,
            false,
            false,
            "h-201",
            null));

    assertThat(policy.alarm(Fakes.gasAlarm(Severity.CRITICAL, T0), T0))
        .extracting(Delivery::recipientId, Delivery::channel, Delivery::status, Delivery::reason)
        .containsExactlyInAnyOrder(
            tuple("mum", "smpp", Notification.SUPPRESSED, "opted out"),
            tuple("mum", "push", Notification.SUPPRESSED, "opted out"),
            tuple("son", "smpp", Notification.SUPPRESSED, "no consent"),
            tuple("grid-1", "smpp", Notification.QUEUED, null));
  }

  @Test
  void phonesGoByTheConfiguredSmsChannelAndTokensByPush() {
    directory.replace(
        new Recipient(
            "grid-1",
            Recipient.GRID_WORKER,
            "grid-1",
            "+8613600136000",
            "tok-9",
            Language.EN,
            null,
            true,
            false,
            null,
            "c1"));
    NotificationPolicy http =
        new NotificationPolicy(
            directory,
            Fakes::rules,
            NotificationPolicy.Config.defaults().withSmsChannel("http-sms"));

    assertThat(http.alarm(Fakes.gasAlarm(Severity.CRITICAL, T0), T0))
        .filteredOn(d -> d.recipientId().equals("grid-1"))
        .extracting(Delivery::channel, Delivery::address)
        .containsExactlyInAnyOrder(tuple("http-sms", "+8613600136000"), tuple("push", "tok-9"));
  }

  @Test
  void escalationClimbsToTheStaffOfEachUnitAboveThenStops() {
    Event e = Fakes.gasAlarm(Severity.CRITICAL, T0);

    assertThat(policy.escalation(e, 1, T0).orElseThrow())
        .extracting(Delivery::recipientId, Delivery::escalationLevel)
        .containsExactly(tuple("staff-s1", 1));
    assertThat(policy.escalation(e, 2, T0).orElseThrow())
        .extracting(Delivery::recipientId)
        .containsExactly("staff-d1");
    assertThat(policy.escalation(e, 3, T0)).isEmpty();
    // the SLA of the severity is the step, unless one is configured
    assertThat(policy.escalationAt(e, 2)).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    NotificationPolicy stepped =
        new NotificationPolicy(
            directory,
            Fakes::rules,
            NotificationPolicy.Config.defaults().withEscalationStep(Duration.ofMinutes(5)));
    assertThat(stepped.escalationAt(e, 2)).isEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void remindersAreSpacedAndCounted() {
    assertThat(policy.nextReminder(T0, 0)).contains(T0.plus(Duration.ofMinutes(10)));
    assertThat(policy.nextReminder(T0, 1)).contains(T0.plus(Duration.ofMinutes(30)));
    assertThat(policy.nextReminder(T0, 2)).contains(T0.plus(Duration.ofHours(1)));
    assertThat(policy.nextReminder(T0, 3)).isEmpty();
  }

  @Test
  void remindersAndTheAllClearGoOnlyToThoseTold() {
    Event e = Fakes.gasAlarm(Severity.CRITICAL, T0);
    Set<String> told = Set.of("mum|+8613800138000", "staff-s1|+8613400134000");

    assertThat(policy.reminder(e, told, T0))
        .extracting(Delivery::recipientId)
        .containsExactly("mum");
    assertThat(policy.allClear(e, told, 1, T0))
        .extracting(Delivery::recipientId, Delivery::kind)
        .containsExactlyInAnyOrder(
            tuple("mum", Notification.ALL_CLEAR), tuple("staff-s1", Notification.ALL_CLEAR));
    assertThat(policy.allClear(e, Set.of(), 0, T0)).isEmpty();
  }
}
