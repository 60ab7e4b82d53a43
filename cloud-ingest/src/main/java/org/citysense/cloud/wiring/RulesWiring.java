package org.citysense.cloud.wiring;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.evaluate.Evaluators;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.StationBoard;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.MaintenanceService;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.pipeline.JdbcHandOffLog;
import org.citysense.cloud.pipeline.RuleCheckpoints;
import org.citysense.cloud.pipeline.RuleRuntime;
import org.citysense.cloud.pipeline.RuleWorker;
import org.citysense.cloud.pipeline.SetAsideLog;
import org.citysense.cloud.pipeline.StoredSeed;
import org.citysense.cloud.pipeline.kafka.KafkaEventFeed;
import org.citysense.cloud.pipeline.kafka.KafkaHandOff;
import org.citysense.cloud.pipeline.kafka.KafkaRules;
import org.citysense.cloud.pipeline.kafka.KafkaSettings;
import org.citysense.cloud.pipeline.kafka.KafkaStationBoard;
import org.citysense.cloud.pipeline.kafka.KafkaTopics;
import org.citysense.cloud.pipeline.kafka.Partitions;
import org.citysense.cloud.registry.JdbcRuleDirectory;
import org.citysense.cloud.rules.RuleBook;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.load.ProfileCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the rules and events behind the ingest: the rule file (in the data folder unless {@code
 * citysense.rules.file} names one), the hand-off the ingest puts accepted batches on, the rules
 * that consume it, and the event service. The hand-off ({@code citysense.handoff}) is the log in
 * the relational database with one {@link RuleRuntime} (embedded, the default: one process), or a
 * Kafka topic whose partitions the nodes of a cluster share, each judged by {@link KafkaRules} with
 * an engine of its own ({@code kafka}). Either way the rules' state comes back before the service
 * serves anything and is saved on shutdown.
 */
@ApplicationScoped
public class RulesWiring {
  private static final Logger LOG = Logger.getLogger(RulesWiring.class);

  /** How far back each node keeps the stations' readings for the neighbour rules. */
  private static final Duration STATIONS_KEPT = Duration.ofHours(3);

  @ConfigProperty(name = "citysense.data-dir", defaultValue = "data")
  Path dataDir;

  @ConfigProperty(name = "citysense.rules.file")
  Optional<Path> rulesFile;

  /** Off only for measuring the ingest without rules (the benchmark's "rules off"). */
  @ConfigProperty(name = "citysense.rules.enabled", defaultValue = "true")
  boolean enabled;

  /**
   * Off: the ingest still appends to the log, and the rules wait with their state restored (for a
   * maintenance window, or to measure how fast they catch up).
   */
  @ConfigProperty(name = "citysense.rules.consume", defaultValue = "true")
  boolean consume;

  @ConfigProperty(name = "citysense.rules.tick", defaultValue = "5s")
  Duration tick;

  @ConfigProperty(name = "citysense.rules.checkpoint-every", defaultValue = "5s")
  Duration checkpointEvery;

  /** {@code embedded} (the log in the database) or {@code kafka} (a cluster of nodes). */
  @ConfigProperty(name = "citysense.handoff", defaultValue = "embedded")
  String handoff;

  /** Answers each registry cache of the rules keeps at most (docs/operations.md, Limits). */
  @ConfigProperty(name = "citysense.registry.cache-entries", defaultValue = "50000")
  int cacheEntries;

  @Inject KafkaConfig kafka;

  private AutoCloseable running;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @Produces
  @Singleton
  RuleBook ruleBook() {
    Path file = rulesFile.orElse(dataDir.resolve("rules.yaml")).toAbsolutePath().normalize();
    RuleBook book = new RuleBook(file);
    LOG.infof("rules from %s [%d rules]", file, book.current().rules().size());
    return book;
  }

  @Produces
  @Singleton
  EventService eventService(DataSource ds, Clock clock, RuleBook book) {
    return new EventService(ds, clock, book::current);
  }

  @Produces
  @Singleton
  MaintenanceService maintenanceService(DataSource ds, Clock clock) {
    return new MaintenanceService(ds, clock);
  }

  @Produces
  @Singleton
  JdbcHandOffLog handOffLog(DataSource ds) {
    return new JdbcHandOffLog(ds);
  }

  /**
   * How the ledger commits a batch: with its log entry while the rules are on, or once Kafka has
   * it.
   */
  @Produces
  @Singleton
  JdbcDeliveryLedger.Commit ledgerCommit(JdbcHandOffLog log) {
    if (!enabled) {
      return JdbcDeliveryLedger.Commit.PLAIN;
    }
    if (onKafka()) {
      KafkaHandOff made = new KafkaHandOff(kafka.settings());
      closing.add(made);
      return made;
    }
    return log::appendAndCommit;
  }

  @Produces
  @Singleton
  JdbcRuleDirectory ruleDirectory(DataSource ds, Clock clock) {
    return new JdbcRuleDirectory(
        ds, ProfileCatalog.bundled(), clock, Duration.ofSeconds(30), cacheEntries);
  }

  /** A rule engine for one partition of the hand-off (0: the embedded log's only one). */
  private RuleEngine engine(
      JdbcRuleDirectory directory, RuleBook book, int partition, StationBoard board) {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    return new RuleEngine(
        directory,
        profiles,
        new Evaluators(directory, Evaluators.declaredIntervals(profiles), board)::of,
        book.current(),
        partition);
  }

  @Produces
  @Singleton
  RuleWorker ruleWorker(
      DataSource ds,
      JdbcHandOffLog log,
      RuleBook book,
      EventService events,
      JdbcRuleDirectory directory,
      ReadingStore readings,
      Clock clock) {
    RuleRuntime.Config config =
        RuleRuntime.Config.defaults().withTickEvery(tick).withCheckpointEvery(checkpointEvery);
    if (onKafka()) {
      KafkaSettings settings = kafka.settings();
      KafkaStationBoard board = new KafkaStationBoard(settings, STATIONS_KEPT);
      closing.add(board);
      return new KafkaRules(
          settings,
          p -> {
            RuleEngine made = engine(directory, book, p, board);
            return new KafkaRules.PartitionEngine(made, book.onChange(made::use));
          },
          p ->
              new StoredSeed(ds, directory, readings)
                  .only(gw -> Partitions.of(gw, settings.partitions()) == p),
          events::apply,
          new RuleCheckpoints(ds),
          new SetAsideLog(ds),
          clock,
          config,
          board::start,
          events::takeOver);
    }
    RuleEngine made = engine(directory, book, 0, null);
    book.onChange(made::use);
    return new RuleRuntime(
        log,
        made,
        events::apply,
        new RuleCheckpoints(ds),
        new SetAsideLog(ds),
        new StoredSeed(ds, directory, readings),
        clock,
        config);
  }

  /** Before the ingest serves: the rules' state comes back first (StartupEvent precedes HTTP). */
  void start(@Observes @Priority(10) StartupEvent start, RuleWorker made, EventService events) {
    if (onKafka()) {
      KafkaTopics.ensure(kafka.settings());
      // every node's live streams and notifier hear the changes the other nodes make
      KafkaEventFeed feed = new KafkaEventFeed(kafka.settings(), events);
      closing.add(feed);
      feed.start();
    }
    if (!enabled) {
      LOG.warn("rules are off (citysense.rules.enabled=false): no events will be raised");
      return;
    }
    if (!consume) {
      if (made instanceof RuleRuntime embedded) {
        embedded.restore();
      }
      LOG.warn("rules wait (citysense.rules.consume=false): the ingest logs, nothing is judged");
      return;
    }
    if (made instanceof RuleRuntime embedded) {
      embedded.start();
      running = embedded;
    } else if (made instanceof KafkaRules cluster) {
      LOG.infof(
          "hand-off on Kafka at %s, topic %s [%d partitions], node %s",
          kafka.settings().bootstrapServers(),
          kafka.settings().topic(),
          kafka.settings().partitions(),
          kafka.settings().node());
      cluster.start();
      running = cluster;
    }
  }

  void stop(@Observes ShutdownEvent stop) {
    if (running != null) {
      close(running);
      running = null;
    }
    closing.forEach(RulesWiring::close);
    closing.clear();
  }

  private static void close(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warnf("%s did not close cleanly: %s", c.getClass().getSimpleName(), e.getMessage());
    }
  }

  private boolean onKafka() {
    return switch (handoff) {
      case "embedded" -> false;
      case "kafka" -> true;
      default ->
          throw new IllegalArgumentException(
              "citysense.handoff: embedded or kafka, was '" + handoff + "'");
    };
  }
}
