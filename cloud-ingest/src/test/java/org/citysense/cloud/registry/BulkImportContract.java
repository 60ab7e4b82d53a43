package org.citysense.cloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.citysense.profiles.load.DeviceReader;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.ProfileCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A community's device file: registered whole, or not at all. */
public abstract class BulkImportContract extends DatabaseContract {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();
  private RegistryFixture city;
  private BulkImport bulk;

  @BeforeEach
  void createCity() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
    city = new RegistryFixture(db, clock, PROFILES.ids());
    bulk = new BulkImport(db, new DeviceReader(PROFILES), city.devices);
  }

  private static String file(String secondStation, String secondLat) {
    return String.join(
        "\n",
        "devices:",
        "  - id: pm-st01",
        "    profile: pm25-rs485",
        "    modbus-tcp: {host: 192.0.2.10, unitId: 1}",
        "    station: st-01",
        "    location: {lat: 31.2304, lon: 121.4737, place: roof}",
        "  - id: gas-101",
        "    profile: gas-lel-modbus",
        "    modbus-tcp: {host: 192.0.2.10, unitId: 7}",
        "    station: " + secondStation,
        "    location: {lat: " + secondLat + ", lon: 121.47}",
        "");
  }

  @Test
  void importsEveryDevice() {
    bulk.importDevices(city.gateway.id(), "riverside.yaml", file("st-01", "31.2"));

    assertThat(city.devices.list(city.gateway.id()))
        .extracting(Device::id)
        .containsExactly("gas-101", "pm-st01");
    Device pm = city.devices.get("pm-st01").orElseThrow();
    assertThat(pm.stationId()).isEqualTo("st-01");
    assertThat(pm.lat()).isEqualTo(31.2304);
    assertThat(pm.place()).isEqualTo("roof");
  }

  @Test
  void aFileErrorRegistersNothingAndSaysWhere() {
    assertThatThrownBy(
            () -> bulk.importDevices(city.gateway.id(), "riverside.yaml", file("st-01", "95")))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining(
            "riverside.yaml:11: devices[1].location.lat: 95.0 is not a latitude (-90..90)");

    assertThat(city.devices.list(city.gateway.id())).isEmpty();
  }

  @Test
  void aRegistryRefusalRegistersNothingAndNamesTheDevice() {
    assertThatThrownBy(
            () -> bulk.importDevices(city.gateway.id(), "riverside.yaml", file("st-77", "31.2")))
        .isInstanceOfSatisfying(
            FieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo("devices[1].station");
              assertThat(e.reason()).contains("no station st-77");
            });

    assertThat(city.devices.get("pm-st01")).as("the first device was rolled back").isEmpty();
  }
}
