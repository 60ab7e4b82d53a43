package org.citysense.cloud.pipeline.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.citysense.cloud.evaluate.Evaluators;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventFilter;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.ingest.ReadingChecks;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.pipeline.RuleCheckpoints;
import org.citysense.cloud.pipeline.RuleRuntime;
import org.citysense.cloud.pipeline.SetAsideLog;
import org.citysense.cloud.pipeline.StoredSeed;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.JdbcIngestDirectory;
import org.citysense.cloud.registry.JdbcRuleDirectory;
import org.citysense.cloud.registry.Station;
import org.citysense.cloud.rules.RuleReader;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.store.EmbeddedReadingStore;
import org.citysense.cloud.testdb.H2Database;
import org.citysense.cloud.testdb.RegistryFixture;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.KafkaServer;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-off on a real Kafka broker (one KRaft node on 127.0.0.1) with two nodes' rules in one
 * JVM on one database: the ingest puts each batch on the topic before it answers, the nodes share
 * the topic's four partitions, and partitions move between them as a node joins, leaves, or is
 * fenced off by another node's claim.
 */
@ExtendWith(H2Database.class)
class KafkaRulesTest {
  private static final int PARTITIONS = 4;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String RULES =
      """
      timeZone: UTC
      rules:
        - {id: gas-high, type: threshold, quantity: gas, above: 20, severity: critical}
        - {id: pm-neighbours, type: neighbour, quantity: pm2_5, k: 3, quorum: 3, window: 10m,
           maxDistanceKm: 10, severity: major}
        - {id: offline, type: offline, minSeconds: 3600, gatewaySeconds: 3, severity: minor}
      """;

  @TempDir static Path kafkaDir;
  private static KafkaServer kafka;

  private final Clock clock = Clock.systemUTC();
  private final RuleSet rules = new RuleReader().read("rules.yaml", RULES);
  private final List<AutoCloseable> running = new ArrayList<>();
  private KafkaSettings settings;
  private DataSource db;
  private IngestService ingest;
  private long seq;

  /** Held, so that the level set stays: Kafka's clients log every setting at INFO. */
  private static final java.util.logging.Logger KAFKA_LOG =
      java.util.logging.Logger.getLogger("org.apache.kafka");

  @BeforeAll
  static void startKafka() throws Exception {
    KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
    kafka = new KafkaServer(KafkaServer.LIB, kafkaDir, 1);
    kafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  @AfterEach
  void stopNodes() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  private void setUp(DataSource db) {
    this.db = db;
    String run = UUID.randomUUID().toString().substring(0, 8);
    settings =
        new KafkaSettings(kafka.bootstrapServers(), "t-" + run, PARTITIONS, (short) 1, "test");
    KafkaTopics.ensure(settings);
    KafkaHandOff handOff = new KafkaHandOff(settings);
    running.add(handOff);
    ingest =
        new IngestService(
            new ReadingChecks(new JdbcIngestDirectory(db), ProfileCatalog.bundled()),
            new JdbcDeliveryLedger(db, handOff),
            new EmbeddedReadingStore(db),
            Duration.ofMinutes(5),
            Duration.ofMinutes(2),
            20_000);
  }

  /** One node's rules: an engine per partition it is given, its own board of stations. */
  private KafkaRules node(String name) {
    KafkaSettings mine = settings.as(name);
    KafkaStationBoard board = new KafkaStationBoard(mine, Duration.ofHours(1));
    ProfileCatalog profiles = ProfileCatalog.bundled();
    JdbcRuleDirectory directory = new JdbcRuleDirectory(db, profiles, clock, Duration.ZERO, 1000);
    EventService events = new EventService(db, clock, () -> rules);
    KafkaRules made =
        new KafkaRules(
            mine,
            p ->
                new KafkaRules.PartitionEngine(
                    new RuleEngine(
                        directory,
                        profiles,
                        new Evaluators(directory, Evaluators.declaredIntervals(profiles), board)
                            ::of,
                        rules,
                        p),
                    () -> {}),
            p ->
                new StoredSeed(db, directory, new EmbeddedReadingStore(db))
                    .only(gw -> Partitions.of(gw, PARTITIONS) == p),
            events::apply,
            new RuleCheckpoints(db),
            new SetAsideLog(db),
            clock,
            RuleRuntime.Config.defaults()
                .withTickEvery(Duration.ofSeconds(1))
                .withCheckpointEvery(Duration.ofMillis(300)),
            board::start,
            events::takeOver);
    running.add(board);
    running.add(made);
    made.start();
    return made;
  }

  /** Gateways until every partition has {@code each} of them, by partition. */
  private Map<Integer, List<String>> gatewaysOnEveryPartition(RegistryFixture city, int each) {
    Map<Integer, List<String>> by = new java.util.TreeMap<>();
    for (int i = 0;
        by.size() < PARTITIONS || by.values().stream().anyMatch(l -> l.size() < each);
        i++) {
      String id = city.gateways.create("c1", "Gateway " + i).id();
      List<String> on = by.computeIfAbsent(Partitions.of(id, PARTITIONS), p -> new ArrayList<>());
      if (on.size() < each) {
        on.add(id);
      }
    }
    return by;
  }

  @Test
  void everyAlarmIsOneEventWhileItsPartitionMovesBetweenNodes(DataSource db) throws Exception {
    setUp(db);
    RegistryFixture city = new RegistryFixture(db, clock, List.of("gas-lel-modbus"));
    List<String> gateways =
        gatewaysOnEveryPartition(city, 2).values().stream().flatMap(List::stream).toList();
    for (String gw : gateways) {
      for (int d = 1; d <= 4; d++) {
        city.devices.create(
            new Device(
                gw + "-gas-" + d,
                gw,
                "gas-lel-modbus",
                null,
                "h-101",
                null,
                null,
                null,
                null,
                null));
      }
    }

    KafkaRules a = node("a");
    Poll.until("node a judges every partition", WAIT, () -> a.partitions().size() == PARTITIONS);
    round(gateways, 1);
    awaitGasEvents(gateways.size());

    KafkaRules b = node("b");
    Poll.until(
        "the partitions are shared by a and b",
        WAIT,
        () -> !a.partitions().isEmpty() && !b.partitions().isEmpty() && shared(a, b));
    round(gateways, 2);
    awaitGasEvents(gateways.size() * 2);

    a.close();
    Poll.until("b takes a's partitions", WAIT, () -> b.partitions().size() == PARTITIONS);
    round(gateways, 3);
    awaitGasEvents(gateways.size() * 3);

    // another node claims partition 0 (as one would that Kafka gave it while b stalled): b can no
    // longer save its checkpoint there, lets it go, and takes it back as Kafka still gives it b
    long claimed = new RuleCheckpoints(db).claim(KafkaRules.consumerOf(0), clock.instant());
    Poll.until(
        "b takes partition 0 back under a newer epoch",
        WAIT,
        () -> epochOf(KafkaRules.consumerOf(0)) > claimed && b.partitions().contains(0));
    round(gateways, 4);
    awaitGasEvents(gateways.size() * 4);

    Map<String, Long> perDevice =
        gasEvents().stream()
            .collect(Collectors.groupingBy(e -> e.deviceId(), Collectors.counting()));
    assertThat(perDevice).hasSize(gateways.size() * 4);
    assertThat(perDevice.values()).as("events per device").containsOnly(1L);
    assertThat(storedReadings())
        .as("every accepted reading stored once")
        .isEqualTo(gateways.size() * (1 + 2 + 3 + 4));
  }

  @Test
  void theNeighbourRuleComparesStationsJudgedOnDifferentNodes(DataSource db) throws Exception {
    setUp(db);
    RegistryFixture city = new RegistryFixture(db, clock, List.of("pm25-rs485"));
    Map<Integer, List<String>> byPartition = gatewaysOnEveryPartition(city, 1);
    List<String> stations = new ArrayList<>();
    Map<String, String> gatewayOf = new java.util.HashMap<>();
    for (Map.Entry<Integer, List<String>> e : byPartition.entrySet()) {
      String station = "st-p" + e.getKey();
      String gw = e.getValue().get(0);
      // four stations about a kilometre apart, each read by a gateway of its own partition
      city.stations.create(
          new Station(station, "c1", "Station " + e.getKey(), 31.23 + e.getKey() * 0.01, 121.47));
      city.devices.create(
          new Device(
              "pm-" + station, gw, "pm25-rs485", station, null, null, null, null, null, null));
      stations.add(station);
      gatewayOf.put(station, gw);
    }
    KafkaRules a = node("a");
    KafkaRules b = node("b");
    Poll.until(
        "the partitions are shared by a and b",
        WAIT,
        () -> !a.partitions().isEmpty() && !b.partitions().isEmpty() && shared(a, b));

    String high = stations.get(0);
    Instant start = clock.instant().minus(Duration.ofMinutes(3));
    for (int r = 0; r < 6; r++) {
      Instant at = start.plusSeconds(30L * r);
      for (String station : stations) {
        String gw = gatewayOf.get(station);
        double value = station.equals(high) ? 60 : 40;
        send(gw, List.of(reading("pm-" + station, "pm2_5", Quantity.PM2_5, value, at)));
      }
      Thread.sleep(300); // each node hears the others' readings of the round
    }
    Poll.until(
        "the station 50 % above its neighbours is reported", WAIT, () -> !pmEvents().isEmpty());
    // a last round for every station after the event: judged, it raises nothing more
    Instant last = start.plusSeconds(30L * 6);
    for (String station : stations) {
      String gw = gatewayOf.get(station);
      send(gw, List.of(reading("pm-" + station, "pm2_5", Quantity.PM2_5, 40, last)));
    }
    Poll.until("every reading judged", WAIT, () -> judged(a, b) >= stations.size() * 7L);

    assertThat(pmEvents()).extracting(Event::stationId).containsExactly(high);
  }

  @Test
  void aGatewayGoneSilentIsReportedWhereNothingElseMovesItsPartition(DataSource db)
      throws Exception {
    setUp(db);
    RegistryFixture city = new RegistryFixture(db, clock, List.of("gas-lel-modbus"));
    Map<Integer, List<String>> byPartition = gatewaysOnEveryPartition(city, 1);
    for (List<String> on : byPartition.values()) {
      String gw = on.get(0);
      city.devices.create(
          new Device(
              gw + "-gas-1", gw, "gas-lel-modbus", null, "h-101", null, null, null, null, null));
    }
    KafkaRules a = node("a");
    Poll.until("node a judges every partition", WAIT, () -> a.partitions().size() == PARTITIONS);
    // a node that takes a partition over after its last record has fetched nothing from it
    KafkaRules b = node("b");
    Poll.until("b shares the partitions", WAIT, () -> shared(a, b));
    List<String> silent = byPartition.values().stream().map(l -> l.get(0)).toList();
    round(silent, 1);
    Poll.until("every reading judged", WAIT, () -> judged(a, b) >= silent.size());
    a.close();
    Poll.until("b takes a's partitions", WAIT, () -> b.partitions().size() == PARTITIONS);

    Poll.until(
        "every gateway, silent since its one batch, is reported offline",
        WAIT,
        () -> offlineGateways().containsAll(silent),
        () -> "offline: " + offlineGateways() + " of " + silent);
  }

  private Set<String> offlineGateways() {
    return events("offline").stream()
        .filter(e -> "gateway".equals(e.subjectKind()))
        .map(Event::subjectId)
        .collect(Collectors.toSet());
  }

  private static boolean shared(KafkaRules a, KafkaRules b) {
    Set<Integer> all = new HashSet<>(a.partitions());
    all.addAll(b.partitions());
    return all.size() == PARTITIONS && a.partitions().size() + b.partitions().size() == PARTITIONS;
  }

  private static long judged(KafkaRules... nodes) {
    long n = 0;
    for (KafkaRules node : nodes) {
      n += node.status().judged();
    }
    return n;
  }

  /** Every gateway sends a high gas reading from each of its first {@code devices} devices. */
  private void round(List<String> gateways, int devices) {
    Instant at = clock.instant();
    for (String gw : gateways) {
      send(
          gw,
          IntStream.rangeClosed(1, devices)
              .mapToObj(d -> reading(gw + "-gas-" + d, "gas", Quantity.GAS, 30 + d, at))
              .toList());
    }
  }

  private void awaitGasEvents(int n) throws InterruptedException {
    Poll.until(
        n + " gas events",
        WAIT,
        () -> gasEvents().size() >= n,
        () -> gasEvents().size() + " so far");
  }

  private void send(String gw, List<WireReading> readings) {
    Batch batch =
        new Batch(
            1,
            gw,
            gw + "-" + (++seq),
            clock.millis(),
            new GatewayClock(true, "ntp", 1),
            readings,
            List.of(),
            List.of(),
            Counters.ZERO);
    ingest.ingest(gw, batch, clock.instant());
  }

  private WireReading reading(String device, String point, Quantity q, double value, Instant at) {
    return new WireReading(
        ++seq,
        device,
        point,
        q,
        Value.of(value),
        q.canonicalUnit().symbol(),
        at.toEpochMilli(),
        Quality.GOOD);
  }

  private List<Event> events(String ruleId) {
    return new EventService(db, clock, () -> rules)
            .find(new EventFilter(Set.of(), Set.of(), Set.of(), null, null, null, null, 0, 500))
            .items()
            .stream()
            .filter(e -> e.ruleId().equals(ruleId))
            .toList();
  }

  private List<Event> gasEvents() {
    return events("gas-high");
  }

  private List<Event> pmEvents() {
    return events("pm-neighbours");
  }

  private long epochOf(String consumer) {
    return query("SELECT owner_epoch FROM rule_checkpoints WHERE consumer = '" + consumer + "'");
  }

  private long storedReadings() {
    return query("SELECT COUNT(*) FROM reading");
  }

  private long query(String sql) {
    try (var c = db.getConnection();
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
