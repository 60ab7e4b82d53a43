package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Household contacts and unit people: stored as given, refused naming the field, found by the
 * directory (a household's family only, a unit's own people only, parents up to the top, a phone
 * across both kinds) and opted out by phone.
 */
public abstract class RecipientContract extends DatabaseContract {
  private static final String MOBILE = "+8613800138000";
  private static final String OTHER_MOBILE = "+8613900139000";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private RegistryFixture city;
  private RecipientRepository recipients;
  private RecipientDirectory directory;

  @BeforeEach
  void createCity() {
    city = new RegistryFixture(db, clock, List.of("gas-lel-modbus"));
    city.households.create(new Household("h-102", "c1", "Flat 102", null));
    recipients = new RecipientRepository(db, clock);
    directory = new JdbcRecipientDirectory(db);
  }

  private static RecipientForm form(String role, String name, String phone) {
    return new RecipientForm(role, name, phone, null, null, null, null, null, true);
  }

  private static RecipientForm quiet(String span, String from, String to) {
    return new RecipientForm(null, "Li Na", MOBILE, null, null, span, from, to, true);
  }

  private static void refused(ThrowingCallable call, String field, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).contains(reason);
            });
  }

  @Test
  void aContactIsStoredAsGivenAndListed() {
    Recipient li =
        recipients.addContact(
            "h-101",
            new RecipientForm(
                null,
                " Li Na ",
                "+86 138-0013-8000",
                "tok-1",
                "en",
                "22:00-07:00",
                null,
                null,
                true));

    assertThat(li.id()).startsWith("hc-");
    assertThat(li)
        .isEqualTo(
            new Recipient(
                li.id(),
                Recipient.FAMILY,
                "Li Na",
                MOBILE,
                "tok-1",
                Language.EN,
                new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)),
                true,
                false,
                "h-101",
                null));
    assertThat(li.reachable()).isTrue();
    assertThat(recipients.contacts("h-101")).containsExactly(li);
    assertThat(recipients.contacts("h-102")).isEmpty();
  }

  @Test
  void defaultsAreChineseNoQuietHoursAndNoConsent() {
    Recipient r =
        recipients.addContact(
            "h-101", new RecipientForm(null, "Wang", null, "tok-9", null, null, null, null, null));

    assertThat(r.language()).isEqualTo(Language.ZH);
    assertThat(r.quietHours()).isNull();
    assertThat(r.phone()).isNull();
    assertThat(r.consent()).isFalse();
    assertThat(r.reachable()).as("stored, but nothing is sent without consent").isFalse();
    assertThat(recipients.contacts("h-101")).containsExactly(r);
  }

  @Test
  void quietHoursMayComeAsOneSpanOrAsTwoFields() {
    QuietHours night = new QuietHours(LocalTime.of(22, 30), LocalTime.of(6, 45));
    assertThat(recipients.addContact("h-101", quiet("22:30 - 06:45", null, null)).quietHours())
        .isEqualTo(night);
    assertThat(recipients.addContact("h-102", quiet(null, "22:30", "06:45")).quietHours())
        .isEqualTo(night);
    assertThat(directory.family("h-102").get(0).quietHours()).isEqualTo(night);
  }

  @Test
  void unitPeopleAreStoredWithTheirRoleAndListed() {
    Recipient worker = recipients.addStaff("c1", form("grid_worker", "Zhang Wei", MOBILE));
    clock.advance(Duration.ofSeconds(1)); // listed in the order added; ids are random
    Recipient staff =
        recipients.addStaff(
            "c1",
            new RecipientForm(
                "staff", "Chen", "+4915112345678", null, "en", null, "23:00", "06:00", true));
    recipients.addStaff("g1", form("grid_worker", "Below", OTHER_MOBILE));

    assertThat(worker.id()).startsWith("us-");
    assertThat(worker.role()).isEqualTo(Recipient.GRID_WORKER);
    assertThat(worker.unitId()).isEqualTo("c1");
    assertThat(worker.householdId()).isNull();
    assertThat(staff.role()).isEqualTo(Recipient.STAFF);
    assertThat(staff.phone()).isEqualTo("+4915112345678");
    assertThat(recipients.staff("c1")).containsExactly(worker, staff);
  }

  @Test
  void deletingRemovesOnlyWhatBelongsToTheGivenOwner() {
    Recipient li = recipients.addContact("h-101", form(null, "Li Na", MOBILE));
    Recipient worker = recipients.addStaff("c1", form("grid_worker", "Zhang", MOBILE));

    assertThatThrownBy(() -> recipients.deleteContact("h-102", li.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(li.id());
    assertThatThrownBy(() -> recipients.deleteStaff("c2", worker.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(recipients.contacts("h-101")).containsExactly(li);

    recipients.deleteContact("h-101", li.id());
    recipients.deleteStaff("c1", worker.id());
    assertThat(recipients.contacts("h-101")).isEmpty();
    assertThat(recipients.staff("c1")).isEmpty();
    assertThatThrownBy(() -> recipients.deleteContact("h-101", li.id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void anUnknownHouseholdOrUnitIsNotFound() {
    assertThatThrownBy(() -> recipients.addContact("h-999", form(null, "Li", MOBILE)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no household h-999");
    assertThatThrownBy(() -> recipients.addStaff("u-999", form("staff", "Li", MOBILE)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no unit u-999");
  }

  @Test
  void namesAndPhonesAreRefusedNamingTheField() {
    refused(() -> recipients.addContact("h-101", form(null, " ", MOBILE)), "name", "missing");
    refused(
        () -> recipients.addContact("h-101", form(null, "x".repeat(201), MOBILE)),
        "name",
        "longer than 200");
    refused(
        () -> recipients.addContact("h-101", form(null, "Li", "13800138000")),
        "phone",
        "not E.164");
    refused(
        () -> recipients.addContact("h-101", form(null, "Li", "+0123456789")), "phone", "E.164");
    refused(() -> recipients.addContact("h-101", form(null, "Li", "+1234567")), "phone", "E.164");
    refused(
        () -> recipients.addContact("h-101", form(null, "Li", "+1234567890123456")),
        "phone",
        "E.164");
    refused(
        () -> recipients.addContact("h-101", form(null, "Li", "+862112345678")),
        "phone",
        "not a mainland China mobile");
    refused(
        () -> recipients.addContact("h-101", form(null, "Li", "+8612800138000")),
        "phone",
        "mainland China mobile");
    refused(
        () -> recipients.addContact("h-101", form(null, "Li", null)),
        "phone",
        "give a phone, a pushToken, or both");
    refused(
        () ->
            recipients.addContact(
                "h-101",
                new RecipientForm(
                    null, "Li", null, "t".repeat(1025), null, null, null, null, true)),
        "pushToken",
        "longer than 1024");
  }

  @Test
  void languagesQuietHoursAndRolesAreRefusedNamingTheField() {
    refused(
        () ->
            recipients.addContact(
                "h-101", new RecipientForm(null, "Li", MOBILE, null, "fr", null, null, null, true)),
        "language",
        "one of zh, en");
    refused(
        () -> recipients.addContact("h-101", quiet("22-07", null, null)), "quietHours", "HH:MM");
    refused(
        () -> recipients.addContact("h-101", quiet("25:00-07:00", null, null)),
        "quietHours",
        "not a time HH:MM");
    refused(
        () -> recipients.addContact("h-101", quiet("22:00", null, null)),
        "quietHours",
        "HH:MM-HH:MM");
    refused(
        () -> recipients.addContact("h-101", quiet("22:00-22:00", null, null)),
        "quietHours",
        "leave quiet hours out");
    refused(
        () -> recipients.addContact("h-101", quiet("22:00-07:00", "22:00", null)),
        "quietHours",
        "not both");
    refused(() -> recipients.addContact("h-101", quiet(null, "22:00", null)), "quietTo", "missing");
    refused(
        () -> recipients.addContact("h-101", quiet(null, null, "07:00")), "quietFrom", "missing");
    refused(
        () -> recipients.addContact("h-101", quiet(null, "22:00", "7am")),
        "quietTo",
        "not a time HH:MM");
    refused(
        () -> recipients.addStaff("c1", form(null, "Zhang", MOBILE)),
        "role",
        "missing; one of grid_worker, staff");
    refused(
        () -> recipients.addStaff("c1", form("family", "Zhang", MOBILE)),
        "role",
        "one of grid_worker, staff");
    refused(
        () -> recipients.addContact("h-101", form("staff", "Li", MOBILE)),
        "role",
        "not a household contact's role");
    assertThat(recipients.contacts("h-101")).isEmpty();
    assertThat(recipients.staff("c1")).isEmpty();
  }

  @Test
  void aPhoneIsListedOncePerHouseholdAndOncePerUnit() {
    recipients.addContact("h-101", form(null, "Li Na", MOBILE));
    refused(
        () -> recipients.addContact("h-101", form(null, "Li Na again", "+86 13800138000")),
        "phone",
        "already listed for h-101");
    recipients.addStaff("c1", form("staff", "Li Na", MOBILE));
    refused(
        () -> recipients.addStaff("c1", form("grid_worker", "Li Na", MOBILE)),
        "phone",
        "already listed for c1");

    assertThat(recipients.addContact("h-102", form(null, "Li Na", MOBILE)).phone())
        .as("the same person may be a contact of two households")
        .isEqualTo(MOBILE);
  }

  @Test
  void theFamilyOfAHouseholdIsItsOwnContactsOnly() {
    Recipient li = recipients.addContact("h-101", form(null, "Li Na", MOBILE));
    Recipient neighbour = recipients.addContact("h-102", form(null, "Neighbour", OTHER_MOBILE));
    recipients.addStaff("c1", form("grid_worker", "Zhang", "+8613700137000"));

    assertThat(directory.family("h-101")).containsExactly(li);
    assertThat(directory.family("h-102")).containsExactly(neighbour);
    assertThat(directory.family("h-999")).isEmpty();
  }

  @Test
  void theUnitPeopleAreThoseOfExactlyThatUnit() {
    Recipient c1Worker = recipients.addStaff("c1", form("grid_worker", "Zhang", MOBILE));
    Recipient g1Worker = recipients.addStaff("g1", form("grid_worker", "Below", OTHER_MOBILE));
    recipients.addStaff("c2", form("staff", "Sibling", "+8613700137000"));
    recipients.addContact("h-101", form(null, "Family", "+8613600136000"));

    assertThat(directory.unitPeople("c1")).containsExactly(c1Worker);
    assertThat(directory.unitPeople("g1")).containsExactly(g1Worker);
    assertThat(directory.unitPeople("s1")).isEmpty();
  }

  @Test
  void parentUnitsLeadToTheTop() {
    assertThat(directory.parentUnit("g1")).contains("c1");
    assertThat(directory.parentUnit("c1")).contains("s1");
    assertThat(directory.parentUnit("s1")).contains("d1");
    assertThat(directory.parentUnit("d1")).isEmpty();
    assertThat(directory.parentUnit("nowhere")).isEmpty();
  }

  @Test
  void aPhoneFindsContactsAndUnitPeopleAlike() {
    Recipient li = recipients.addContact("h-101", form(null, "Li Na", MOBILE));
    Recipient liAtWork = recipients.addStaff("c1", form("grid_worker", "Li Na", MOBILE));
    Recipient other = recipients.addContact("h-102", form(null, "Other", OTHER_MOBILE));

    assertThat(directory.byPhone(MOBILE)).containsExactly(li, liAtWork);
    assertThat(directory.byPhone(OTHER_MOBILE)).containsExactly(other);
    assertThat(directory.byPhone("+8613500135000")).isEmpty();
  }

  @Test
  void stopOptsOutEveryoneWithThatPhoneAndOptInUndoesIt() {
    recipients.addContact("h-101", form(null, "Li Na", MOBILE));
    recipients.addStaff("c1", form("grid_worker", "Li Na", MOBILE));
    Recipient other = recipients.addContact("h-101", form(null, "Other", OTHER_MOBILE));

    assertThat(recipients.optOut("+86 138 0013 8000")).isEqualTo(2);
    assertThat(directory.byPhone(MOBILE))
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.optedOut()).isTrue();
              assertThat(r.reachable()).isFalse();
              assertThat(r.consent()).as("consent is kept").isTrue();
            });
    assertThat(directory.byPhone(OTHER_MOBILE)).containsExactly(other);

    assertThat(recipients.optIn(MOBILE)).isEqualTo(2);
    assertThat(directory.byPhone(MOBILE)).allSatisfy(r -> assertThat(r.reachable()).isTrue());
    assertThat(recipients.optOut("+8613500135000")).as("nobody has it").isZero();
    refused(() -> recipients.optOut("STOP"), "phone", "not E.164");
  }
}
