package org.citysense.cloud.wiring;

import io.quarkus.runtime.StartupEvent;
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
import org.citysense.cloud.pipeline.HandOff;
import org.citysense.cloud.registry.JdbcRuleDirectory;
import org.citysense.cloud.rules.RuleBook;
import org.citysense.profiles.load.ProfileCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the rules and events behind the ingest: the rule file (in the data folder unless {@code
 * citysense.rules.file} names one), the engine that runs on every accepted batch, the event
 * service. {@link RuleTimer} lets the rules notice silence.
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
  RuleEngine ruleEngine(DataSource ds, Clock clock, RuleBook book, EventService events) {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    JdbcRuleDirectory directory =
        new JdbcRuleDirectory(ds, profiles, clock, Duration.ofSeconds(30));
    RuleEngine made =
        new RuleEngine(
            directory,
            profiles,
            events,
            new Evaluators(directory, Evaluators.declaredIntervals(profiles))::of,
            clock,
            book.current());
    book.onChange(made::use);
    return made;
  }

  void start(@Observes StartupEvent start, HandOff handOff, RuleEngine engine) {
    if (enabled) {
      handOff.subscribe(engine);
    } else {
      LOG.warn("rules are off (citysense.rules.enabled=false): no events will be raised");
    }
  }
}
