package org.citysense.cloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.citysense.cloud.evaluate.StationPlace;
import org.citysense.cloud.ingest.DeviceRecord;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Counters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stations, households, gateways and devices: stored as given, refused naming the field. */
public abstract class RegistryFieldsContract extends DatabaseContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private RegistryFixture city;

  @BeforeEach
  void createCity() {
    city = new RegistryFixture(db, clock, List.of("pm25-rs485", "gas-lel-modbus"));
  }

  private Device device(String id, String station, String household, String unit) {
    return new Device(
        id, city.gateway.id(), "pm25-rs485", station, household, unit, null, null, null, null);
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
  void aStationOutsideTheGlobeNamesTheField() {
    refused(
        () -> city.stations.create(new Station("st-9", "c1", "x", 91.0, 121.0)),
        "lat",
        "91.0 is not a latitude (-90..90)");
    refused(
        () -> city.stations.create(new Station("st-9", "c1", "x", 31.0, 181.0)),
        "lon",
        "181.0 is not a longitude (-180..180)");
    refused(() -> city.stations.create(new Station("st-9", "c1", "x", 31.0, null)), "lon", "both");
    refused(
        () -> city.stations.create(new Station("st-9", "nope", "x", null, null)),
        "unitId",
        "no unit nope");
  }

  @Test
  void stationsAndHouseholdsRoundTrip() {
    assertThat(city.stations.list("c1"))
        .containsExactly(new Station("st-01", "c1", "Community centre", 31.2304, 121.4737));
    city.stations.update(new Station("st-01", "c2", "Moved", null, null));
    assertThat(city.stations.get("st-01"))
        .contains(new Station("st-01", "c2", "Moved", null, null));

    city.households.update(new Household("h-101", "c1", "Flat 101", null));
    assertThat(city.households.get("h-101"))
        .contains(new Household("h-101", "c1", "Flat 101", null));
  }

  @Test
  void aDeviceHangsFromOneThingAtMost() {
    refused(
        () -> city.devices.create(device("pm-1", "st-01", "h-101", null)),
        "householdId",
        "one of station, household or unit");
  }

  @Test
  void aDeviceNamesWhatDoesNotExist() {
    refused(() -> city.devices.create(device("pm-1", "st-99", null, null)), "stationId", "st-99");
    refused(() -> city.devices.create(device("pm-1", null, "h-9", null)), "householdId", "h-9");
    refused(
        () ->
            city.devices.create(
                new Device(
                    "pm-1", "gw-nope", "pm25-rs485", null, null, null, null, null, null, null)),
        "gatewayId",
        "no gateway gw-nope");
    refused(
        () ->
            city.devices.create(
                new Device(
                    "pm-1", city.gateway.id(), "pm99", null, null, null, null, null, null, null)),
        "profile",
        "no profile \"pm99\"");
  }

  @Test
  void aDeviceStaysInItsGatewaysSubtree() {
    city.stations.create(new Station("st-c2", "c2", "Parkview roof", null, null));

    refused(
        () -> city.devices.create(device("pm-1", "st-c2", null, null)),
        "stationId",
        "station st-c2 is in unit c2, outside unit c1 of gateway " + city.gateway.id());
    refused(
        () -> city.devices.create(device("pm-1", null, null, "s1")), "unitId", "outside unit c1");
    assertThat(city.devices.create(device("pm-1", null, null, "g1")).unitId()).isEqualTo("g1");
  }

  @Test
  void deviceIdsAreUnique() {
    city.devices.create(device("pm-1", "st-01", null, null));

    refused(() -> city.devices.create(device("pm-1", null, null, "g1")), "id", "already exists");
  }

  @Test
  void aDeviceIsStoredUpdatedAndFoundByTheIngest() {
    Device created =
        city.devices.create(
            new Device(
                "gas-101",
                city.gateway.id(),
                "gas-lel-modbus",
                null,
                "h-101",
                null,
                31.2,
                121.4,
                "kitchen",
                null));
    assertThat(created.createdAt()).isEqualTo(clock.instant());

    city.devices.update(
        new Device(
            "gas-101",
            city.gateway.id(),
            "gas-lel-modbus",
            null,
            null,
            "g1",
            null,
            null,
            null,
            null));

    assertThat(city.devices.list(city.gateway.id()))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.unitId()).isEqualTo("g1");
              assertThat(d.householdId()).isNull();
              assertThat(d.createdAt()).isEqualTo(clock.instant());
            });
    assertThat(new JdbcIngestDirectory(db).device("gas-101"))
        .contains(new DeviceRecord("gas-101", city.gateway.id(), "gas-lel-modbus"));
    assertThat(new JdbcIngestDirectory(db).device("nope")).isEmpty();
  }

  @Test
  void gatewayContactsAndBufferCountersAreRemembered() {
    Instant contact = Instant.parse("2026-11-22T08:01:02Z");

    new GatewayContacts(db)
        .record(city.gateway.id(), contact, -180_000, true, new Counters(12, 3, 2), 1000L);

    Gateway g = city.gateways.get(city.gateway.id()).orElseThrow();
    assertThat(g.lastContact()).isEqualTo(contact);
    assertThat(g.clockOffsetMs()).isEqualTo(-180_000L);
    assertThat(g.clockFlagged()).isTrue();
    assertThat(g.edgeEvicted()).isEqualTo(12);
    assertThat(g.edgeRejected()).isEqualTo(3);
    assertThat(g.edgeQuarantined()).isEqualTo(2);
    assertThat(g.seqStart()).isEqualTo(1000L);
    assertThat(g.numberingRestarts()).isZero();
  }

  @Test
  void aNewNumberingIsCountedAsARestart() {
    GatewayContacts contacts = new GatewayContacts(db);
    Instant first = Instant.parse("2026-11-22T08:00:00Z");
    Instant wiped = Instant.parse("2026-11-23T09:00:00Z");
    contacts.record(city.gateway.id(), first, 0, false, Counters.ZERO, 1000L);
    contacts.record(city.gateway.id(), first.plusSeconds(5), 0, false, Counters.ZERO, 1000L);
    contacts.record(city.gateway.id(), wiped, 0, false, Counters.ZERO, 2000L);
    contacts.record(city.gateway.id(), wiped.plusSeconds(5), 0, false, Counters.ZERO, null);

    Gateway g = city.gateways.get(city.gateway.id()).orElseThrow();
    assertThat(g.seqStart()).isEqualTo(2000L);
    assertThat(g.numberingRestarts()).isEqualTo(1);
    assertThat(g.numberingRestartedAt()).isEqualTo(wiped);
  }

  @Test
  void aStationRegisteredAfterTheRulesListedThemIsJudgedFromItsFirstReading() {
    JdbcRuleDirectory rules =
        new JdbcRuleDirectory(db, ProfileCatalog.bundled(), clock, Duration.ofSeconds(30), 100);
    city.stations.create(new Station("st-1", "c1", "Roof", 31.2, 121.4));
    city.devices.create(device("pm-1", "st-1", null, null));
    assertThat(rules.stationsMeasuring(Quantity.PM2_5))
        .extracting(StationPlace::stationId)
        .containsExactly("st-1");

    city.stations.create(new Station("st-2", "c1", "School", 31.21, 121.41));
    city.devices.create(device("pm-2", "st-2", null, null));
    city.stations.create(new Station("st-3", "c1", "Unplaced", null, null));
    city.devices.create(device("pm-3", "st-3", null, null));
    // the list is remembered for 30 s: asked for st-1's sake, it stays as it was
    listed(rules.stationsMeasuring(Quantity.PM2_5, "st-1"), "st-1");
    // asked for st-2's, missing from it, it is read again at once
    listed(rules.stationsMeasuring(Quantity.PM2_5, "st-2"), "st-1", "st-2");
    // a station without a position is looked for once per 30 s, not at every reading
    city.stations.create(new Station("st-4", "c1", "Park", 31.22, 121.42));
    city.devices.create(device("pm-4", "st-4", null, null));
    listed(rules.stationsMeasuring(Quantity.PM2_5, "st-3"), "st-1", "st-2", "st-4");
    city.stations.create(new Station("st-5", "c1", "Bridge", 31.23, 121.43));
    city.devices.create(device("pm-5", "st-5", null, null));
    listed(rules.stationsMeasuring(Quantity.PM2_5, "st-3"), "st-1", "st-2", "st-4");
    clock.advance(Duration.ofSeconds(31));
    listed(rules.stationsMeasuring(Quantity.PM2_5, "st-3"), "st-1", "st-2", "st-4", "st-5");
  }

  private static void listed(List<StationPlace> places, String... ids) {
    assertThat(places).extracting(StationPlace::stationId).containsExactly(ids);
  }
}
