package org.citysense.cloud.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.citysense.cloud.evaluate.Evaluators;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventFilter;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.ingest.ReadingChecks;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.GatewayContacts;
import org.citysense.cloud.registry.JdbcIngestDirectory;
import org.citysense.cloud.registry.JdbcRuleDirectory;
import org.citysense.cloud.rules.RuleReader;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.store.EmbeddedReadingStore;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireReading;

/**
 * One node of the cloud in plain Java on an H2 file, on a clock the test moves: the ingest (the
 * real ledger, log and embedded store), the rule engine, the event service and the rule runtime,
 * driven by the test. {@link #crash} drops them all as SIGKILL would (nothing saved on the way
 * out); {@link #start} builds them again on the same database, as a new process does.
 *
 * <p>The rule stage (events, checkpoints, set-aside, registry look-ups) may use a data source of
 * its own that refuses on demand, while the ingest keeps its own.
 */
final class RulesRig {
  static final String RULES =
      """
      timeZone: UTC
      rules:
        - {id: gas-high, type: threshold, quantity: gas, above: 20, severity: critical}
        - {id: river-rising, type: rate, quantity: water_level, risePerHour: 0.3, window: 30m}
        - {id: no-water-use, type: noConsumption, hours: 12, activeHours: "06:00-22:00"}
        - {id: offline, type: offline, minSeconds: 60, gatewaySeconds: 120}
      """;

  final DataSource db;
  final DataSource rulesDb;
  final MutableClock clock;
  final RegistryFixture city;
  final String gateway;
  final String otherGateway;
  final RuleSet rules = new RuleReader().read("rules.yaml", RULES);
  RuleRuntime.Config config = RuleRuntime.Config.defaults();

  IngestService ingest;
  JdbcHandOffLog log;
  EventService events;
  RuleRuntime runtime;
  private long seq;

  RulesRig(DataSource db, DataSource rulesDb, Instant start) {
    this.db = db;
    this.rulesDb = rulesDb;
    this.clock = new MutableClock(start);
    this.city =
        new RegistryFixture(
            db,
            clock,
            List.of("gas-lel-modbus", "water-meter-modbus", "water-level-radar", "pm25-rs485"));
    gateway = city.gateway.id();
    otherGateway = city.gateways.create("c1", "Second gateway").id();
    for (int i = 1; i <= 5; i++) {
      device("gas-" + i, gateway, "gas-lel-modbus", null, "h-101");
    }
    device("wm-1", gateway, "water-meter-modbus", null, "h-101");
    device("lvl-1", gateway, "water-level-radar", "st-01", null);
    device("pm-1", gateway, "pm25-rs485", "st-01", null);
    device("pm-2", otherGateway, "pm25-rs485", "st-01", null);
  }

  private void device(String id, String gw, String profile, String station, String household) {
    city.devices.create(
        new Device(id, gw, profile, station, household, null, null, null, null, null));
  }

  /** Builds the node on the database and restores the rules, as a start of the service does. */
  RulesRig start() {
    log = new JdbcHandOffLog(db);
    ingest =
        new IngestService(
            new ReadingChecks(new JdbcIngestDirectory(db), ProfileCatalog.bundled()),
            new JdbcDeliveryLedger(db, log::appendAndCommit),
            new EmbeddedReadingStore(db),
            Duration.ofMinutes(5),
            Duration.ofMinutes(2),
            20_000);
    ProfileCatalog profiles = ProfileCatalog.bundled();
    JdbcRuleDirectory directory =
        new JdbcRuleDirectory(rulesDb, profiles, clock, Duration.ZERO, 1000);
    RuleEngine engine =
        new RuleEngine(
            directory,
            profiles,
            new Evaluators(directory, Evaluators.declaredIntervals(profiles))::of,
            rules);
    events = new EventService(rulesDb, clock, () -> rules);
    runtime =
        new RuleRuntime(
            log,
            engine,
            events::apply,
            new RuleCheckpoints(rulesDb),
            new SetAsideLog(rulesDb),
            new StoredSeed(rulesDb, directory, new EmbeddedReadingStore(db)),
            clock,
            config);
    runtime.restore();
    return this;
  }

  /** Everything in memory is gone; what was saved stays. */
  void crash() {
    ingest = null;
    log = null;
    events = null;
    runtime = null;
  }

  /** The cloud stops (SIGKILL) and starts again {@code down} later. */
  void restartAfter(Duration down) {
    crash();
    clock.advance(down);
    start();
  }

  /** Moves the clock on and lets the rules check for silence. */
  void tickAt(Instant t) {
    clock.advance(Duration.between(clock.instant(), t));
    runtime.tick();
  }

  /** A batch from {@code gw} with these readings and edge events, accepted now and judged. */
  IngestReply send(String gw, List<WireReading> readings, List<EdgeEvent> alarms) {
    IngestReply reply = accept(gw, readings, alarms);
    judge();
    return reply;
  }

  /** Accepted (in the log) but not judged yet. */
  IngestReply accept(String gw, List<WireReading> readings, List<EdgeEvent> alarms) {
    Batch batch =
        new Batch(
            1,
            gw,
            gw + "-" + (seq + 1),
            clock.instant().toEpochMilli(),
            new GatewayClock(true, "ntp", 1),
            readings,
            List.of(),
            alarms,
            Counters.ZERO);
    IngestReply reply = ingest.ingest(gw, batch, clock.instant());
    // as the ingest resource does: the registry keeps the gateway's last contact
    new GatewayContacts(db).record(gw, clock.instant(), 0, false, Counters.ZERO, null);
    return reply;
  }

  void judge() {
    try {
      runtime.judgeAvailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Moves the clock to {@code at} and sends one reading from the first gateway. */
  void readAt(Instant at, String device, String point, Quantity q, double value) {
    clock.advance(Duration.between(clock.instant(), at));
    send(gateway, List.of(reading(device, point, q, value, at)), List.of());
  }

  WireReading reading(String device, String point, Quantity q, double value, Instant at) {
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

  EdgeEvent gasAlarm(String device, double value, Instant at) {
    return new EdgeEvent(
        ++seq,
        device,
        "gas",
        EdgeEvent.RAISED,
        Value.of(value),
        ">= 20.0",
        at.toEpochMilli(),
        List.of());
  }

  /** Every event of the rule, oldest first. */
  List<Event> events(String ruleId) {
    EventService reader = events != null ? events : new EventService(db, clock, () -> rules);
    List<Event> all =
        new ArrayList<>(
            reader
                .find(new EventFilter(Set.of(), Set.of(), Set.of(), null, null, null, null, 0, 500))
                .items());
    all.removeIf(e -> !e.ruleId().equals(ruleId));
    all.sort((a, b) -> Long.compare(a.id(), b.id()));
    return all;
  }

  List<Event> open(String ruleId) {
    return events(ruleId).stream().filter(e -> e.status() == EventStatus.OPEN).toList();
  }
}
