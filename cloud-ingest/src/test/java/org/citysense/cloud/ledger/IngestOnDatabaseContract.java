package org.citysense.cloud.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.ingest.ReadingChecks;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.JdbcIngestDirectory;
import org.citysense.cloud.store.Bucket;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.cloud.store.StoredReading;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest's delivery rules with the relational registry and ledger behind it. */
public abstract class IngestOnDatabaseContract extends DatabaseContract {
  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private final List<WireReading> written = new ArrayList<>();
  private IngestService ingest;
  private String gateway;

  @BeforeEach
  void createIngest() {
    RegistryFixture city = new RegistryFixture(db, new MutableClock(NOW), List.of("pm25-rs485"));
    gateway = city.gateway.id();
    city.devices.create(
        new Device("pm-1", gateway, "pm25-rs485", "st-01", null, null, null, null, null, null));
    ingest =
        new IngestService(
            new ReadingChecks(new JdbcIngestDirectory(db), ProfileCatalog.bundled()),
            new JdbcDeliveryLedger(db),
            new ListStore(written),
            Duration.ofMinutes(5),
            Duration.ofMinutes(2),
            20_000);
  }

  private static WireReading reading(long seq, String device) {
    return new WireReading(
        seq,
        device,
        "pm2_5",
        Quantity.PM2_5,
        Value.of(35.0),
        "µg/m³",
        NOW.toEpochMilli() - 1000,
        Quality.GOOD);
  }

  private Batch batch(String id, WireReading... readings) {
    return new Batch(
        1,
        gateway,
        id,
        NOW.toEpochMilli(),
        new GatewayClock(true, "ntp", 1),
        List.of(readings),
        List.of(),
        List.of(),
        Counters.ZERO);
  }

  @Test
  void aReplayedBatchGetsItsEarlierReplyAndStoresNothing() {
    Batch first = batch("b-1", reading(1, "pm-1"), reading(2, "pm-1"), reading(3, "pm-x"));
    IngestReply reply = ingest.ingest(gateway, first, NOW);
    assertThat(reply.stored()).isEqualTo(2);
    assertThat(reply.rejected()).singleElement().satisfies(r -> assertThat(r.seq()).isEqualTo(3));

    assertThat(ingest.ingest(gateway, first, NOW.plusSeconds(30))).isEqualTo(reply);
    assertThat(written).hasSize(2);
  }

  @Test
  void aResentReadingIsStoredOnce() {
    ingest.ingest(gateway, batch("b-1", reading(1, "pm-1"), reading(2, "pm-1")), NOW);

    IngestReply again =
        ingest.ingest(gateway, batch("b-2", reading(2, "pm-1"), reading(4, "pm-1")), NOW);

    assertThat(again.stored()).isEqualTo(1);
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(written).extracting(WireReading::seq).containsExactly(1L, 2L, 4L);
  }

  private record ListStore(List<WireReading> written) implements ReadingStore {
    @Override
    public void write(String gatewayId, List<WireReading> readings) {
      written.addAll(readings);
    }

    @Override
    public List<StoredReading> readings(
        String deviceId, String q, Instant from, Instant to, int offset, int limit) {
      return List.of();
    }

    @Override
    public List<Bucket> aggregate(
        String deviceId, String quantity, Instant from, Instant to, Duration every) {
      return List.of();
    }

    @Override
    public List<StoredReading> latest(List<String> deviceIds) {
      return List.of();
    }

    @Override
    public long deleteBefore(Instant before) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
