package org.citysense.cloud.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.Household;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.registry.StationRepository;
import org.citysense.cloud.registry.Unit;
import org.citysense.cloud.registry.UnitRepository;
import org.citysense.cloud.testdb.DatabaseContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's sums on each database: tiles, map markers, a place's page, outlines and the station
 * index. Two communities: c1 with a gateway heard a minute ago, a station (a PM device in
 * maintenance) and a flat (a gas detector with an open critical event and a failed SMS); c2 with a
 * gateway never heard and a device of the unit with an active offline event.
 */
public abstract class OverviewContract extends DatabaseContract {
  private static final Instant NOW = Instant.parse("2026-11-22T06:00:00Z");
  private static final Instant SILENT_BEFORE = NOW.minus(Duration.ofMinutes(10));

  private String g1;
  private String g2;

  @BeforeEach
  void twoCommunities() {
    UnitRepository units = new UnitRepository(db);
    units.create(new Unit("d1", null, "district", "District"));
    units.create(new Unit("s1", "d1", "street", "Street"));
    units.create(new Unit("c1", "s1", "community", "Garden"));
    units.create(new Unit("c2", "s1", "community", "Park"));
    GatewayRepository gateways = new GatewayRepository(db);
    g1 = gateways.create("c1", "gw one").id();
    g2 = gateways.create("c2", "gw two").id();
    update("UPDATE gateways SET last_contact = ? WHERE id = ?", NOW.minusSeconds(60), g1);
    new StationRepository(db).create(new Station("st-1", "c1", "East gate", 31.2, 121.5));
    new HouseholdRepository(db).create(new Household("h-1", "c1", "Flat 1", null));
    DeviceRepository devices =
        new DeviceRepository(
            db, Set.of("pm25-rs485", "gas-lel-modbus"), Clock.fixed(NOW, ZoneOffset.UTC));
    devices.create(
        new Device("pm-1", g1, "pm25-rs485", "st-1", null, null, null, null, null, null));
    devices.create(
        new Device("gas-1", g1, "gas-lel-modbus", null, "h-1", null, 31.25, 121.5, null, null));
    devices.create(
        new Device("gas-2", g1, "gas-lel-modbus", null, "h-1", null, 31.75, 122.0, null, null));
    devices.create(
        new Device("gas-9", g2, "gas-lel-modbus", null, null, "c2", null, null, null, null));
    update(
        "INSERT INTO maintenance (device_id, since, until, started_by) VALUES (?, ?, ?, 'tech')",
        "pm-1",
        NOW.minusSeconds(600),
        NOW.plusSeconds(600));
    long gas =
        event("gas-high", "threshold", "critical", "gas-1", null, "h-1", "c1", "open", false);
    event("pm25", "neighbour", "major", "pm-1", "st-1", null, "c1", "resolved", false);
    event("offline", "offline", "minor", "gas-9", null, null, "c2", "acknowledged", false);
    update(
        "INSERT INTO notifications (event_id, recipient_id, recipient_role, channel, address, kind,"
            + " escalation_level, severity, text, status, attempts, created_at, updated_at)"
            + " VALUES (?, 'r', 'family', 'smpp', '+8613800000001', 'alarm', 0, 'critical', 't',"
            + " 'failed', 1, ?, ?)",
        gas,
        NOW.minusSeconds(3600),
        NOW.minusSeconds(3600));
  }

  @Test
  void tilesCountContactEventsAndFailedMessagesPerUnits() {
    TileQueries tiles = new TileQueries(db);

    assertThat(tiles.contact(Set.of("c1"), SILENT_BEFORE, NOW))
        .isEqualTo(new TileQueries.Counts(1, 0, 3, 0, 1));
    assertThat(tiles.contact(null, SILENT_BEFORE, NOW))
        .isEqualTo(new TileQueries.Counts(2, 1, 4, 1, 1));
    assertThat(tiles.contact(Set.of(), SILENT_BEFORE, NOW))
        .isEqualTo(new TileQueries.Counts(0, 0, 0, 0, 0));

    TileQueries.ActiveEvents c1 = tiles.active(Set.of("c1"));
    assertThat(c1.bySeverity()).isEqualTo(Map.of("critical", 1L));
    assertThat(c1.unacknowledged()).isEqualTo(1);
    assertThat(c1.oldestUnacknowledgedAt()).isEqualTo(NOW.minusSeconds(300));
    TileQueries.ActiveEvents all = tiles.active(null);
    assertThat(all.bySeverity()).isEqualTo(Map.of("critical", 1L, "minor", 1L));
    assertThat(all.unacknowledged()).isEqualTo(1);

    assertThat(tiles.failedNotifications(Set.of("c1"), Duration.ofHours(24), NOW)).isEqualTo(1);
    assertThat(tiles.failedNotifications(Set.of("c1"), Duration.ofMinutes(30), NOW)).isZero();
    assertThat(tiles.failedNotifications(Set.of("c2"), Duration.ofHours(24), NOW)).isZero();
  }

  @Test
  void markersCarryPlaceAndState() {
    List<Marker> markers = new MapQueries(db).markers(Set.of("c1", "c2"), SILENT_BEFORE, NOW);

    assertThat(markers)
        .containsExactly(
            new Marker(
                "station", "st-1", "c1", "East gate", 31.2, 121.5, "maintenance", 0, 1, 0, 1),
            new Marker("household", "h-1", "c1", "Flat 1", 31.5, 121.75, "alarm", 1, 2, 0, 0));
    assertThat(new MapQueries(db).markers(Set.of("c2"), SILENT_BEFORE, NOW)).isEmpty();
    // a minute later than the gateway's silence allows: the station is still in maintenance, the
    // flat in alarm; with neither, offline
    update("DELETE FROM maintenance");
    update("UPDATE events SET status = 'closed', active_key = NULL");
    assertThat(new MapQueries(db).markers(null, NOW, NOW.plusSeconds(3600)))
        .extracting(Marker::state)
        .containsExactly("offline", "offline");
  }

  @Test
  void placesCarryTheirDevicesContactAndState() {
    PlaceQueries places = new PlaceQueries(db);

    PlaceQueries.Found station =
        places.find(PlaceKind.STATION, "st-1", SILENT_BEFORE, NOW).orElseThrow();
    assertThat(station.header())
        .isEqualTo(
            new PlaceQueries.Header("st-1", "East gate", "c1", 31.2, 121.5, null, null, null));
    assertThat(station.activeEvents()).as("its only event is resolved").isZero();
    assertThat(station.devices())
        .containsExactly(
            new PlaceQueries.DeviceRow(
                "pm-1",
                "pm25-rs485",
                null,
                null,
                null,
                g1,
                NOW.minusSeconds(60),
                false,
                new Place.Window(NOW.minusSeconds(600), NOW.plusSeconds(600), "tech", null)));

    PlaceQueries.Found flat =
        places.find(PlaceKind.HOUSEHOLD, "h-1", SILENT_BEFORE, NOW).orElseThrow();
    assertThat(flat.header())
        .isEqualTo(new PlaceQueries.Header("h-1", "Flat 1", "c1", null, null, null, null, null));
    assertThat(flat.activeEvents()).isEqualTo(1);
    assertThat(flat.devices())
        .extracting(PlaceQueries.DeviceRow::id, PlaceQueries.DeviceRow::lat)
        .containsExactly(tuple("gas-1", 31.25), tuple("gas-2", 31.75));

    PlaceQueries.Found gas =
        places.find(PlaceKind.DEVICE, "gas-1", SILENT_BEFORE, NOW).orElseThrow();
    assertThat(gas.header())
        .isEqualTo(new PlaceQueries.Header("gas-1", null, "c1", 31.25, 121.5, null, null, "h-1"));
    assertThat(gas.activeEvents()).isEqualTo(1);
    assertThat(gas.devices()).extracting(PlaceQueries.DeviceRow::id).containsExactly("gas-1");
    assertThat(places.find(PlaceKind.DEVICE, "pm-1", SILENT_BEFORE, NOW).orElseThrow().header())
        .extracting(PlaceQueries.Header::stationId)
        .isEqualTo("st-1");

    // gas-9: its gateway never heard from, and an offline event on it (not an active event here)
    PlaceQueries.Found silent =
        places.find(PlaceKind.DEVICE, "gas-9", SILENT_BEFORE, NOW).orElseThrow();
    assertThat(silent.header().unitId()).isEqualTo("c2");
    assertThat(silent.activeEvents()).isZero();
    assertThat(silent.devices().get(0).offline()).isTrue();
    assertThat(silent.devices().get(0).gatewayLastContact()).isNull();
    update("UPDATE gateways SET last_contact = ? WHERE id = ?", NOW, g2);
    assertThat(places.find(PlaceKind.DEVICE, "gas-9", SILENT_BEFORE, NOW).orElseThrow().devices())
        .extracting(PlaceQueries.DeviceRow::offline)
        .as("the offline event alone")
        .containsExactly(true);

    // an hour on: the gateway silent, the maintenance window over
    PlaceQueries.Found later =
        places.find(PlaceKind.STATION, "st-1", NOW, NOW.plusSeconds(3600)).orElseThrow();
    assertThat(later.devices().get(0).offline()).isTrue();
    assertThat(later.devices().get(0).maintenance()).isNull();

    assertThat(places.find(PlaceKind.STATION, "st-9", SILENT_BEFORE, NOW)).isEmpty();
    assertThat(places.find(PlaceKind.HOUSEHOLD, "st-1", SILENT_BEFORE, NOW)).isEmpty();
    assertThat(places.find(PlaceKind.DEVICE, "h-1", SILENT_BEFORE, NOW)).isEmpty();
  }

  @Test
  void outlinesAreKeptPerUnitAndReplaced() {
    OutlineRepository outlines = new OutlineRepository(db);
    outlines.put("c1", "{\"type\":\"Polygon\",\"coordinates\":[]}", NOW, "admin");
    outlines.put(
        "c1", "{\"type\":\"MultiPolygon\",\"coordinates\":[]}", NOW.plusSeconds(1), "root");
    outlines.put("c2", "{\"type\":\"Polygon\",\"coordinates\":[]}", NOW, "admin");

    assertThat(outlines.get("c1").orElseThrow())
        .isEqualTo(
            new OutlineRepository.Outline(
                "c1",
                "{\"type\":\"MultiPolygon\",\"coordinates\":[]}",
                NOW.plusSeconds(1),
                "root"));
    assertThat(outlines.list(Set.of("c2", "s1")))
        .extracting(OutlineRepository.Outline::unitId)
        .containsExactly("c2");
    assertThat(outlines.list(null)).hasSize(2);
    assertThat(outlines.get("s1")).isEmpty();
  }

  @Test
  void theStationIndexNamesTheStationsOfUnits() {
    assertThat(new StationIndex(db).of(Set.of("c1")))
        .containsOnlyKeys("st-1")
        .containsValue(new StationIndex.Entry("st-1", "c1", "East gate"));
    assertThat(new StationIndex(db).of(Set.of("c2"))).isEmpty();
    assertThat(new StationIndex(db).of(null)).containsOnlyKeys("st-1");
  }

  private long event(
      String rule,
      String type,
      String severity,
      String device,
      String station,
      String household,
      String unit,
      String status,
      boolean test) {
    boolean active = status.equals("open") || status.equals("acknowledged");
    String subject = station != null ? "station" : "device";
    String subjectId = station != null ? station : device;
    update(
        "INSERT INTO events (rule_id, rule_type, severity, category, subject_kind, subject_id,"
            + " device_id, station_id, household_id, gateway_id, unit_id, status, details,"
            + " signal_count, opened_at, last_seen_at, raised_at, due_at, late, test, edge,"
            + " condition_cleared, actions, active_key) VALUES (?, ?, ?, 'alarm', ?, ?, ?, ?, ?,"
            + " ?, ?, ?, '{}', 1, ?, ?, ?, ?, FALSE, ?, FALSE, FALSE, '[]', ?)",
        rule,
        type,
        severity,
        subject,
        subjectId,
        device,
        station,
        household,
        g1,
        unit,
        status,
        NOW.minusSeconds(300),
        NOW.minusSeconds(300),
        NOW.minusSeconds(300),
        NOW.plusSeconds(600),
        test,
        active ? rule + "|" + subject + ":" + subjectId : null);
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM events");
        var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void update(String sql, Object... params) {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        s.setObject(
            i + 1, p instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : p);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
