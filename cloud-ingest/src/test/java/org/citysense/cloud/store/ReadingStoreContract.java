package org.citysense.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadingStore} must do. A subclass supplies a fresh, empty store per test; the
 * same assertions then hold for the embedded store and for InfluxDB.
 */
abstract class ReadingStoreContract {
  static final long T0 = 1_795_334_400_000L; // 2026-11-22T08:00:00Z
  static final Instant ALL_FROM = Instant.ofEpochMilli(T0 - 86_400_000L);
  static final Instant ALL_TO = Instant.ofEpochMilli(T0 + 86_400_000L);

  protected ReadingStore store;

  /** A new store over empty storage. */
  protected abstract ReadingStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static WireReading pm(long seq, String device, long ts, double value) {
    return new WireReading(
        seq, device, "pm2_5", Quantity.PM2_5, Value.of(value), "µg/m³", ts, Quality.GOOD);
  }

  static WireReading temp(long seq, String device, long ts, double value) {
    return new WireReading(
        seq, device, "temp", Quantity.TEMPERATURE, Value.of(value), "°C", ts, Quality.GOOD);
  }

  /** One reading of each kind and each quality. */
  static List<WireReading> everyKind() {
    return List.of(
        pm(101, "dev-a", T0, 35.0),
        new WireReading(
            102, "dev-a", "smoke", Quantity.SMOKE, Value.of(true), "bool", T0 + 100, Quality.GOOD),
        new WireReading(
            103,
            "dev-a",
            "valve",
            Quantity.VALVE_OPEN,
            Value.of(false),
            "bool",
            T0 + 150,
            Quality.STUCK),
        new WireReading(
            104, "dev-a", "gas", Quantity.GAS, null, "%LEL", T0 + 200, Quality.COMM_ERROR),
        new WireReading(105, "dev-a", "gas", Quantity.GAS, null, "%LEL", T0 + 300, Quality.INVALID),
        new WireReading(
            106,
            "dev-a",
            "level",
            Quantity.WATER_LEVEL,
            Value.of(-31.123456789),
            "m",
            T0 + 400,
            Quality.OUT_OF_RANGE),
        // 2^53: the largest seq that InfluxDB's JSON answers still carry exactly (docs/storage.md)
        pm(1L << 53, "dev-a", T0 + 500, 0.1));
  }

  List<WireReading> all(String device) {
    return store.readings(device, null, ALL_FROM, ALL_TO).stream()
        .map(StoredReading::reading)
        .toList();
  }

  @Test
  void returnsExactlyWhatWasWrittenOldestFirst() {
    store.write("gw-1", everyKind());

    List<StoredReading> found = store.readings("dev-a", null, ALL_FROM, ALL_TO);

    assertThat(found).extracting(StoredReading::reading).containsExactlyElementsOf(everyKind());
    assertThat(found).extracting(StoredReading::gatewayId).containsOnly("gw-1");
  }

  @Test
  void writingTheSameReadingsAgainKeepsOneCopyOfEach() {
    List<WireReading> first = List.of(pm(1, "dev-a", T0, 1), pm(2, "dev-a", T0 + 1000, 2));
    store.write("gw-1", first);
    store.write("gw-1", first);
    List<WireReading> larger = new ArrayList<>(first);
    larger.add(pm(3, "dev-a", T0 + 2000, 3));
    larger.add(0, pm(4, "dev-a", T0 + 3000, 4));
    store.write("gw-1", larger);

    assertThat(all("dev-a")).extracting(WireReading::seq).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void readingsOfOneSeriesInTheSameMillisecondAreBothKept() {
    store.write("gw-1", List.of(pm(7, "dev-a", T0, 1), pm(8, "dev-a", T0, 2)));

    assertThat(all("dev-a"))
        .containsExactlyInAnyOrder(pm(7, "dev-a", T0, 1), pm(8, "dev-a", T0, 2));
  }

  @Test
  void gatewaysDoNotMix() {
    store.write("gw-1", List.of(pm(1, "dev-a", T0, 1)));
    store.write("gw-2", List.of(pm(1, "dev-b", T0, 2), pm(2, "dev-a", T0 + 10, 3)));

    assertThat(store.readings("dev-a", null, ALL_FROM, ALL_TO))
        .containsExactly(
            new StoredReading("gw-1", pm(1, "dev-a", T0, 1)),
            new StoredReading("gw-2", pm(2, "dev-a", T0 + 10, 3)));
    assertThat(store.readings("dev-b", null, ALL_FROM, ALL_TO))
        .containsExactly(new StoredReading("gw-2", pm(1, "dev-b", T0, 2)));
  }

  @Test
  void fromIsInclusiveToIsExclusiveAndQuantityFilters() {
    store.write(
        "gw-1",
        List.of(
            pm(1, "dev-a", T0 - 1, 1),
            pm(2, "dev-a", T0, 2),
            temp(3, "dev-a", T0 + 500, 20),
            pm(4, "dev-a", T0 + 999, 4),
            pm(5, "dev-a", T0 + 1000, 5)));
    Instant from = Instant.ofEpochMilli(T0);
    Instant to = Instant.ofEpochMilli(T0 + 1000);

    assertThat(store.readings("dev-a", null, from, to))
        .extracting(s -> s.reading().seq())
        .containsExactly(2L, 3L, 4L);
    assertThat(store.readings("dev-a", "pm2_5", from, to))
        .extracting(s -> s.reading().seq())
        .containsExactly(2L, 4L);
    assertThat(store.readings("dev-other", null, from, to)).isEmpty();
  }

  @Test
  void aPageSkipsOffsetAndStopsAtLimit() {
    store.write(
        "gw-1",
        List.of(
            pm(1, "dev-a", T0, 1),
            pm(2, "dev-a", T0 + 1, 2),
            pm(3, "dev-a", T0 + 2, 3),
            pm(4, "dev-a", T0 + 3, 4),
            pm(5, "dev-a", T0 + 4, 5)));

    assertThat(store.readings("dev-a", null, ALL_FROM, ALL_TO, 0, 2))
        .extracting(s -> s.reading().seq())
        .containsExactly(1L, 2L);
    assertThat(store.readings("dev-a", null, ALL_FROM, ALL_TO, 2, 2))
        .extracting(s -> s.reading().seq())
        .containsExactly(3L, 4L);
    assertThat(store.readings("dev-a", null, ALL_FROM, ALL_TO, 4, 2))
        .extracting(s -> s.reading().seq())
        .containsExactly(5L);
  }

  @Test
  void latestIsTheNewestPerDeviceAndQuantity() {
    store.write(
        "gw-1",
        List.of(
            pm(1, "dev-a", T0, 1),
            pm(2, "dev-a", T0 + 2000, 2),
            temp(3, "dev-a", T0 + 5000, 20),
            temp(4, "dev-a", T0 + 1000, 21),
            pm(5, "dev-b", T0 + 9000, 5),
            pm(6, "dev-c", T0 + 9000, 6)));

    assertThat(store.latest(List.of("dev-a", "dev-b")))
        .extracting(StoredReading::reading)
        .containsExactlyInAnyOrder(
            pm(2, "dev-a", T0 + 2000, 2),
            temp(3, "dev-a", T0 + 5000, 20),
            pm(5, "dev-b", T0 + 9000, 5));
    assertThat(store.latest(List.of())).isEmpty();
    assertThat(store.latest(List.of("dev-none"))).isEmpty();
  }

  @Test
  void deleteBeforeRemovesOnlyOlderReadings() {
    store.write(
        "gw-1",
        List.of(pm(1, "dev-a", T0 - 1, 1), pm(2, "dev-a", T0, 2), pm(3, "dev-b", T0 - 5000, 3)));

    long deleted = store.deleteBefore(Instant.ofEpochMilli(T0));

    assertThat(deleted).isEqualTo(2);
    assertThat(all("dev-a")).extracting(WireReading::seq).containsExactly(2L);
    assertThat(all("dev-b")).isEmpty();
  }

  @Test
  void aggregatesNumericReadingsOfOneSeriesInEpochAlignedBuckets() {
    long minute = 60_000;
    store.write(
        "gw-1",
        List.of(
            pm(1, "dev-a", T0, 1),
            pm(2, "dev-a", T0 + minute, 3),
            new WireReading(
                3,
                "dev-a",
                "pm2_5",
                Quantity.PM2_5,
                null,
                "µg/m³",
                T0 + 2 * minute,
                Quality.COMM_ERROR),
            temp(4, "dev-a", T0 + minute, 99),
            pm(5, "dev-b", T0 + minute, 99),
            pm(6, "dev-a", T0 + 5 * minute + 10_000, 10),
            pm(7, "dev-a", T0 + 20 * minute, 4),
            pm(8, "dev-a", T0 - 10 * minute, 7)));

    List<Bucket> buckets =
        store.aggregate(
            "dev-a",
            "pm2_5",
            Instant.ofEpochMilli(T0 - minute),
            Instant.ofEpochMilli(T0 + 20 * minute),
            java.time.Duration.ofMinutes(5));

    assertThat(buckets)
        .containsExactly(
            new Bucket(Instant.ofEpochMilli(T0), 1, 2, 3, 2),
            new Bucket(Instant.ofEpochMilli(T0 + 5 * minute), 10, 10, 10, 1));
    assertThat(
            store.aggregate("dev-none", "pm2_5", ALL_FROM, ALL_TO, java.time.Duration.ofMinutes(5)))
        .isEmpty();
  }
}
