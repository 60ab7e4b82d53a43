package org.citysense.cloud.wiring;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.evaluate.Evaluators;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.MaintenanceService;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.pipeline.JdbcHandOffLog;
import org.citysense.cloud.pipeline.RuleCheckpoints;
import org.citysense.cloud.pipeline.RuleRuntime;
import org.citysense.cloud.pipeline.SetAsideLog;
import org.citysense.cloud.pipeline.StoredSeed;
import org.citysense.cloud.registry.JdbcRuleDirectory;
import org.citysense.cloud.rules.RuleBook;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.load.ProfileCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the rules and events behind the ingest: the rule file (in the data folder unless {@code
 * citysense.rules.file} names one), the hand-off log in the relational database that the ingest
 * appends to, the engine and the {@link RuleRuntime} that consumes the log (restored from its
 * checkpoint before the service serves anything, stopped on shutdown), and the event service.
 */
@ApplicationScoped
public class RulesWiring {
  private static final Logger LOG = Logger.getLogger(RulesWiring.class);

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

  private RuleRuntime runtime;

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

  /** How the ledger commits a batch: with its log entry while the rules are on. */
  @Produces
  @Singleton
  JdbcDeliveryLedger.Commit ledgerCommit(JdbcHandOffLog log) {
    return enabled ? log::appendAndCommit : JdbcDeliveryLedger.Commit.PLAIN;
  }

  @Produces
  @Singleton
  JdbcRuleDirectory ruleDirectory(DataSource ds, Clock clock) {
    return new JdbcRuleDirectory(ds, ProfileCatalog.bundled(), clock, Duration.ofSeconds(30));
  }

  @Produces
  @Singleton
  RuleEngine ruleEngine(JdbcRuleDirectory directory, RuleBook book) {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    RuleEngine made =
        new RuleEngine(
            directory,
            profiles,
            new Evaluators(directory, Evaluators.declaredIntervals(profiles))::of,
            book.current());
    book.onChange(made::use);
    return made;
  }

  @Produces
  @Singleton
  RuleRuntime ruleRuntime(
      DataSource ds,
      JdbcHandOffLog log,
      RuleEngine engine,
      EventService events,
      JdbcRuleDirectory directory,
      ReadingStore readings,
      Clock clock) {
    return new RuleRuntime(
        log,
        engine,
        events::apply,
        new RuleCheckpoints(ds),
        new SetAsideLog(ds),
        new StoredSeed(ds, directory, readings),
        clock,
        RuleRuntime.Config.defaults().withTickEvery(tick).withCheckpointEvery(checkpointEvery));
  }

  /** Before the ingest serves: the rules' state comes back first (StartupEvent precedes HTTP). */
  void start(@Observes @Priority(10) StartupEvent start, RuleRuntime made) {
    if (!enabled) {
      LOG.warn("rules are off (citysense.rules.enabled=false): no events will be raised");
      return;
    }
    if (!consume) {
      made.restore();
      LOG.warn("rules wait (citysense.rules.consume=false): the ingest logs, nothing is judged");
      return;
    }
    made.start();
    runtime = made;
  }

  void stop(@Observes ShutdownEvent stop) {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }
}
