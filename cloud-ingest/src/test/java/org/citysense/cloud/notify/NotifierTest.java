package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.citysense.cloud.notify.Fakes.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.evaluate.Category;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.notify.channel.OutboundMessage;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;

/** The dispatcher: alarms, flapping, quiet hours, all-clear, retries, rate limit, receipts. */
class NotifierTest extends NotifierFixture {

  @Test
  void aHouseholdGasAlarmReachesTheFamilyAndTheGridWorkerOnceWithItsCode() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    events.repeat(e.id());
    events.repeat(e.id());
    tick();

    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
    String code = log.code(e.id()).orElseThrow();
    assertThat(smsTo(MUM).get(0).text()).contains("回复" + code + "确认");
    assertThat(smsTo(GRID).get(0).text()).contains("Reply " + code);
    OutboundMessage m = smsTo(MUM).get(0);
    assertThat(m.data()).containsEntry("eventId", e.id()).containsEntry("code", code);
    assertThat(log.forEvent(e.id()))
        .extracting(Notification::status, Notification::kind, Notification::attempts)
        .containsOnly(tuple(Notification.SUBMITTED, Notification.ALARM, 1));
    assertThat(m.reference()).isEqualTo(Long.toString(log.forEvent(e.id()).get(0).id()));
  }

  @Test
  void aStationPmEventReachesTheUnitsPeopleOnly() {
    events.raise(
        Fakes.event(Severity.MAJOR, Category.ENVIRONMENT, "pm-1", null, "st-01", "c1", false, T0));
    tick();

    assertThat(sms.addresses()).containsExactlyInAnyOrder(GRID, STAFF_C1);
  }

  @Test
  void connectivityReachesStaffOnly() {
    events.raise(
        Fakes.event(
            Severity.MAJOR, Category.CONNECTIVITY, "gas-1", "h-201", null, "c1", false, T0));
    tick();

    assertThat(sms.addresses()).containsExactly(STAFF_C1);
  }

  @Test
  void aMaintenanceModeEventReachesNoFamilyAndIsMarkedTest() {
    Event e =
        events.raise(
            Fakes.event(Severity.CRITICAL, Category.ALARM, "gas-1", "h-201", null, "c1", true, T0));
    tick();
    at(Duration.ofHours(2));
    events.resolve(e.id());
    at(Duration.ofHours(3));

    assertThat(sms.addresses()).containsExactly(GRID);
    assertThat(sms.sent.get(0).text()).startsWith("[TEST] ");
    assertThat(rows(e.id(), Notification.ALARM))
        .filteredOn(n -> n.recipientRole().equals(Recipient.FAMILY))
        .extracting(Notification::status, Notification::reason)
        .containsOnly(tuple(Notification.SUPPRESSED, "maintenance: test event"));
    assertThat(log.forEvent(e.id()))
        .extracting(Notification::kind)
        .containsOnly(Notification.ALARM);
  }

  @Test
  void quietHoursPostponeAMajorAlarmToTheirEndAndLetACriticalOneThrough() {
    Duration night = Duration.ofHours(13).plusMinutes(30); // 23:30 in Shanghai
    clock.advance(night);
    Event major = events.raise(Fakes.gasAlarm(Severity.MAJOR, clock.instant()));
    tick();
    assertThat(sms.addresses()).containsExactly(GRID);
    assertThat(rows(major.id(), Notification.ALARM))
        .filteredOn(n -> n.address().equals(MUM))
        .extracting(Notification::status, Notification::reason, Notification::nextAttemptAt)
        .containsExactly(
            tuple(
                Notification.QUEUED,
                "quiet hours until 07:00",
                Instant.parse("2024-05-01T23:00:00Z")));

    Event critical =
        events.raise(
            Fakes.event(
                Severity.CRITICAL,
                Category.ALARM,
                "smoke-1",
                "h-201",
                null,
                "c1",
                false,
                clock.instant()));
    tick();
    assertThat(smsTo(MUM)).hasSize(1);
    assertThat(smsTo(MUM).get(0).data()).containsEntry("eventId", critical.id());

    at(Duration.ofHours(20).plusMinutes(59)); // 06:59
    assertThat(alarmsTo(MUM))
        .extracting(m -> m.data().get("eventId"))
        .containsExactly(critical.id());
    at(Duration.ofHours(21)); // 07:00
    assertThat(alarmsTo(MUM))
        .extracting(m -> m.data().get("eventId"))
        .containsExactly(critical.id(), major.id());
  }

  @Test
  void aFlappingAlarmNotifiesEachPersonOnceAndClearsOnce() {
    long first = 0;
    for (int i = 0; i < 5; i++) {
      Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, clock.instant()));
      if (i == 0) {
        first = e.id();
      }
      at(Duration.ofMinutes(2 * i + 1));
      events.resolve(e.id());
      at(Duration.ofMinutes(2 * i + 2));
    }
    assertThat(smsTo(MUM)).hasSize(1);
    assertThat(smsTo(SON)).hasSize(1);
    assertThat(smsTo(GRID)).hasSize(1);
    assertThat(log.forEvent(first + 1))
        .filteredOn(n -> n.kind().equals(Notification.ALARM))
        .extracting(Notification::status)
        .containsOnly(Notification.SUPPRESSED);
    assertThat(log.forEvent(first + 1).get(0).reason())
        .startsWith("flapping: told of event " + first);

    // it stays quiet: one all-clear each, once the flap window has passed
    at(Duration.ofMinutes(10 + 15));
    assertThat(smsTo(MUM)).hasSize(2);
    assertThat(smsTo(MUM).get(1).text()).startsWith("已解除");
    assertThat(smsTo(GRID)).hasSize(2);
    at(Duration.ofHours(2));
    assertThat(sms.sent).hasSize(6);
  }

  @Test
  void theAllClearGoesToThoseToldAndOnlyOnce() {
    clock.advance(Duration.ofHours(13).plusMinutes(30)); // 23:30: the family's alarm waits
    Event e = events.raise(Fakes.gasAlarm(Severity.MAJOR, clock.instant()));
    tick();
    clock.advance(Duration.ofMinutes(5));
    events.resolve(e.id());
    tick();
    clock.advance(Duration.ofMinutes(15));
    tick();
    events.close(e.id());
    clock.advance(Duration.ofHours(12));
    tick();

    // the grid worker was told and cleared; the family never heard of it
    assertThat(sms.addresses()).containsExactly(GRID, GRID);
    assertThat(sms.sent.get(1).text()).startsWith("All clear");
    assertThat(rows(e.id(), Notification.ALARM))
        .filteredOn(n -> n.recipientRole().equals(Recipient.FAMILY))
        .extracting(Notification::status, Notification::reason)
        .containsOnly(tuple(Notification.SUPPRESSED, "resolved before it was sent"));
  }

  private List<OutboundMessage> alarmsTo(String phone) {
    return smsTo(phone).stream().filter(m -> "alarm".equals(m.data().get("kind"))).toList();
  }

  /** Without reminders, to count the alarms' attempts alone. */
  private void withoutReminders() {
    build(
        new NotificationPolicy.Config(
            "smpp", "push", "webhook", List.of(), List.of(Duration.ofMinutes(10)), 0, null),
        Notifier.Config.defaults());
  }

  @Test
  void aFailingChannelIsRetriedWithBackoffThenMarkedFailed() {
    withoutReminders();
    sms.failNext = 100;
    Event e =
        events.raise(
            Fakes.event(
                Severity.MAJOR, Category.CONNECTIVITY, "gw-1", null, null, "c1", false, T0));
    tick();
    assertThat(sms.calls).isEqualTo(1);
    at(Duration.ofSeconds(29));
    assertThat(sms.calls).isEqualTo(1);
    at(Duration.ofSeconds(30));
    assertThat(sms.calls).isEqualTo(2);
    at(Duration.ofSeconds(89));
    assertThat(sms.calls).isEqualTo(2);
    at(Duration.ofSeconds(90)); // +60 s
    at(Duration.ofSeconds(210)); // +120 s
    assertThat(sms.calls).isEqualTo(4);
    Notification row = rows(e.id(), Notification.ALARM).get(0);
    assertThat(row.status()).isEqualTo(Notification.QUEUED);
    assertThat(row.reason()).isEqualTo("SMSC busy");
    at(Duration.ofSeconds(450)); // +240 s: the fifth and last
    at(Duration.ofMinutes(30)); // (before the escalation, at the SLA of an hour)
    assertThat(sms.calls).isEqualTo(5);
    assertThat(rows(e.id(), Notification.ALARM).get(0))
        .extracting(Notification::status, Notification::attempts, Notification::reason)
        .containsExactly(Notification.FAILED, 5, "gave up after 5 attempts: SMSC busy");
  }

  @Test
  void aNonRetryableFailureFailsAtOnce() {
    sms.failNext = 1;
    sms.retryable = false;
    Event e =
        events.raise(
            Fakes.event(
                Severity.MAJOR, Category.CONNECTIVITY, "gw-1", null, null, "c1", false, T0));
    tick();
    at(Duration.ofMinutes(5));

    assertThat(sms.calls).isEqualTo(1);
    assertThat(rows(e.id(), Notification.ALARM).get(0))
        .extracting(Notification::status, Notification::attempts, Notification::reason)
        .containsExactly(Notification.FAILED, 1, "SMSC busy");
  }

  @Test
  void theRateLimitSuppressesWithTheReasonButNeverAFirstCriticalAlarm() {
    withoutReminders();
    for (int i = 0; i < 6; i++) {
      events.raise(
          Fakes.event(
              Severity.MAJOR, Category.CONNECTIVITY, "gw-" + i, null, null, "c1", false, T0));
    }
    tick();
    assertThat(smsTo(STAFF_C1)).hasSize(5);
    Notification sixth = rows(6, Notification.ALARM).get(0);
    assertThat(sixth.status()).isEqualTo(Notification.SUPPRESSED);
    assertThat(sixth.reason()).isEqualTo("rate limit: 5 messages to this address in 10 min");

    events.raise(
        Fakes.event(Severity.CRITICAL, Category.CONNECTIVITY, "gw-9", null, null, "c1", false, T0));
    tick();
    assertThat(smsTo(STAFF_C1)).hasSize(6);

    at(Duration.ofMinutes(11));
    events.raise(
        Fakes.event(
            Severity.MAJOR,
            Category.CONNECTIVITY,
            "gw-10",
            null,
            null,
            "c1",
            false,
            clock.instant()));
    tick();
    assertThat(smsTo(STAFF_C1)).hasSize(7);
  }

  @Test
  void receiptsAreReflectedInTheLog() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    Notification toMum =
        rows(e.id(), Notification.ALARM).stream()
            .filter(n -> n.address().equals(MUM))
            .findFirst()
            .orElseThrow();
    Notification toSon =
        rows(e.id(), Notification.ALARM).stream()
            .filter(n -> n.address().equals(SON))
            .findFirst()
            .orElseThrow();

    notifier.receipt("smpp", toMum.providerId(), true, "DELIVRD", T0.plusSeconds(5));
    notifier.receipt("smpp", toSon.providerId(), false, "UNDELIV", T0.plusSeconds(6));
    notifier.receipt("smpp", "unknown", true, "DELIVRD", T0.plusSeconds(6));

    assertThat(log.get(toMum.id()).orElseThrow())
        .extracting(Notification::status, Notification::updatedAt)
        .containsExactly(Notification.DELIVERED, T0.plusSeconds(5));
    assertThat(log.get(toSon.id()).orElseThrow())
        .extracting(Notification::status, Notification::reason)
        .containsExactly(Notification.FAILED, "UNDELIV");
  }

  @Test
  void aReplyWithTheCodeAcknowledgesTheEvent() {
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    String code = log.code(e.id()).orElseThrow();

    // someone who was not told cannot acknowledge it; nor can a stranger
    notifier.reply("smpp", OTHER_FAMILY, code, T0.plusSeconds(30));
    notifier.reply("smpp", "+8610000000000", code, T0.plusSeconds(30));
    assertThat(events.get(e.id()).orElseThrow().status()).isEqualTo(EventStatus.OPEN);

    // the family's reply acknowledges a critical event for the family only
    notifier.reply("smpp", SON, " " + code + " ", T0.plusSeconds(40));
    assertThat(events.get(e.id()).orElseThrow().status()).isEqualTo(EventStatus.OPEN);
    assertThat(events.familyAcknowledged(e.id())).isTrue();
    // a second family reply is harmless
    notifier.reply("smpp", MUM, code, T0.plusSeconds(50));

    notifier.reply("smpp", GRID, code, T0.plusSeconds(60));
    Event acked = events.get(e.id()).orElseThrow();
    assertThat(acked.status()).isEqualTo(EventStatus.ACKNOWLEDGED);
    assertThat(acked.acknowledgedBy()).isEqualTo("sms:" + GRID);
  }

  @Test
  void aFamilysOnePassesOverTheEventsItAcknowledgedAlready() {
    Event older = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    at(Duration.ofMinutes(1));
    Event newer =
        events.raise(
            Fakes.event(
                Severity.CRITICAL,
                Category.ALARM,
                "smoke-1",
                "h-201",
                null,
                "c1",
                false,
                clock.instant()));
    tick();

    notifier.reply("smpp", MUM, "1", clock.instant());
    assertThat(events.familyAcknowledged(newer.id())).isTrue();
    assertThat(events.familyAcknowledged(older.id())).isFalse();
    notifier.reply("smpp", MUM, "1", clock.instant());
    assertThat(events.familyAcknowledged(older.id())).isTrue();
    assertThat(events.get(older.id()).orElseThrow().status()).isEqualTo(EventStatus.OPEN);
    assertThat(events.get(newer.id()).orElseThrow().status()).isEqualTo(EventStatus.OPEN);
  }

  @Test
  void aReplyOfOneAcknowledgesTheLatestOpenEventSentToThePhone() {
    Event older = events.raise(Fakes.gasAlarm(Severity.MAJOR, T0));
    tick();
    at(Duration.ofMinutes(1));
    Event newer =
        events.raise(
            Fakes.event(
                Severity.MAJOR,
                Category.ALARM,
                "smoke-1",
                "h-201",
                null,
                "c1",
                false,
                clock.instant()));
    tick();

    notifier.reply("smpp", MUM, "1", clock.instant());
    assertThat(events.get(newer.id()).orElseThrow().status()).isEqualTo(EventStatus.ACKNOWLEDGED);
    assertThat(events.get(older.id()).orElseThrow().status()).isEqualTo(EventStatus.OPEN);
    notifier.reply(
        "smpp", MUM, "１", clock.instant()); // a full-width one, as Chinese keyboards type
    assertThat(events.get(older.id()).orElseThrow().status()).isEqualTo(EventStatus.ACKNOWLEDGED);
    notifier.reply("smpp", MUM, "hello?", clock.instant());
  }

  @Test
  void oneMatterRaisedByTwoRulesIsToldOnceAndOneReplyAcknowledgesBoth() {
    // the gas reading's rule and the detector's own alarm relay: one leak at h-201
    MessageText byHousehold =
        new MessageText() {
          @Override
          public String render(Event e, String kind, int level, Language language, String code) {
            return MessageText.PLAIN.render(e, kind, level, language, code);
          }

          @Override
          public java.util.Optional<String> matter(Event e) {
            return java.util.Optional.of("gas@" + e.householdId());
          }
        };
    events.listeners.clear();
    notifier =
        new Notifier(
            log,
            new NotificationPolicy(directory, Fakes::rules, NotificationPolicy.Config.defaults()),
            List.of(sms, push, hook),
            events,
            new ConsumerPositions(db),
            new SendNote(notePath),
            (phone, channel, at) -> optedOut.add(phone),
            byHousehold,
            clock,
            Notifier.Config.defaults());
    notifier.subscribe();

    Event reading = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    at(Duration.ofSeconds(20));
    Event relay = events.raise(Fakes.gasAlarm(Severity.CRITICAL, clock.instant()));
    tick();

    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
    assertThat(rows(relay.id(), Notification.ALARM))
        .filteredOn(n -> n.channel().equals("smpp"))
        .extracting(Notification::status, Notification::reason)
        .containsOnly(
            tuple(
                Notification.SUPPRESSED,
                "told already with event " + reading.id() + " (the same matter)"));

    notifier.reply("smpp", GRID, "1", clock.instant());
    tick();
    assertThat(events.get(reading.id()).orElseThrow().status()).isEqualTo(EventStatus.ACKNOWLEDGED);
    assertThat(events.get(relay.id()).orElseThrow().status()).isEqualTo(EventStatus.ACKNOWLEDGED);

    at(Duration.ofHours(3)); // no reminders or escalations for either
    assertThat(sms.addresses()).containsExactlyInAnyOrder(MUM, SON, GRID);
  }

  @Test
  void anotherMatterAtTheSameHomeIsToldAsUsual() {
    Event gas = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();
    Event smoke =
        events.raise(
            Fakes.event(
                Severity.CRITICAL, Category.ALARM, "smoke-1", "h-201", null, "c1", false, T0));
    tick();
    assertThat(smsTo(MUM)).hasSize(2);
    assertThat(log.forEvent(smoke.id())).noneMatch(n -> Notification.SUPPRESSED.equals(n.status()));
    assertThat(gas.id()).isNotEqualTo(smoke.id());
  }

  @Test
  void stopOptsThePhoneOutAndDropsWhatIsQueuedForIt() {
    clock.advance(Duration.ofHours(13).plusMinutes(30)); // 23:30
    Event e = events.raise(Fakes.gasAlarm(Severity.MAJOR, clock.instant()));
    tick();

    notifier.reply("smpp", MUM, "退订", clock.instant());

    assertThat(optedOut).containsExactly(MUM);
    assertThat(rows(e.id(), Notification.ALARM))
        .filteredOn(n -> n.address().equals(MUM))
        .extracting(Notification::status, Notification::reason)
        .containsExactly(tuple(Notification.SUPPRESSED, "opted out"));
  }

  @Test
  void webhooksHearOfEveryEventRaisedAndResolved() {
    build(
        NotificationPolicy.Config.defaults().withWebhooks(List.of("ops")),
        Notifier.Config.defaults());
    Event info = events.raise(Fakes.gasAlarm(Severity.INFO, T0));
    tick();
    events.resolve(info.id());
    tick();

    assertThat(sms.sent).isEmpty();
    assertThat(hook.sent)
        .extracting(OutboundMessage::address, m -> m.data().get("kind"))
        .containsExactly(tuple("ops", "alarm"), tuple("ops", "all_clear"));
  }
}
