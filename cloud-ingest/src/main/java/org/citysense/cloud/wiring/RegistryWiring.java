package org.citysense.cloud.wiring;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.citysense.cloud.auth.AdminBootstrap;
import org.citysense.cloud.auth.GatewayAccounts;
import org.citysense.cloud.auth.JdbcTokenAuthenticator;
import org.citysense.cloud.auth.TokenAuthenticator;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.ingest.CachingIngestDirectory;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.ingest.ReadingChecks;
import org.citysense.cloud.ledger.JdbcDeliveryLedger;
import org.citysense.cloud.registry.GatewayContacts;
import org.citysense.cloud.registry.JdbcIngestDirectory;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.load.ProfileCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires the plain-Java registry, tokens, ledger and ingest to the relational database chosen by
 * configuration: the embedded H2 file by default, PostgreSQL with {@code
 * citysense.database=postgresql}. Same code, same migrations, for both.
 */
@ApplicationScoped
public class RegistryWiring {
  @ConfigProperty(name = "citysense.database", defaultValue = "embedded")
  String database;

  @ConfigProperty(name = "citysense.data-dir", defaultValue = "data")
  Path dataDir;

  @ConfigProperty(name = "citysense.admin-token")
  Optional<String> configuredAdminToken;

  @ConfigProperty(name = "citysense.ingest.max-future", defaultValue = "PT5M")
  Duration maxFuture;

  @ConfigProperty(name = "citysense.ingest.max-clock-offset", defaultValue = "PT2M")
  Duration maxClockOffset;

  /**
   * Items per batch at most: twice the agent's largest {@code batchSize} (10 000), so no agent's
   * batch is refused, while one request's lookups, writes and memory stay bounded.
   */
  @ConfigProperty(name = "citysense.ingest.max-items", defaultValue = "20000")
  int maxItems;

  /** Devices the ingest's cache keeps at most (docs/operations.md, Limits). */
  @ConfigProperty(name = "citysense.registry.cache-entries", defaultValue = "50000")
  int cacheEntries;

  @Inject
  @DataSource("h2")
  InjectableInstance<AgroalDataSource> h2;

  @Inject
  @DataSource("pg")
  InjectableInstance<AgroalDataSource> pg;

  @Produces
  @Singleton
  javax.sql.DataSource registryDataSource() {
    if (database.equals("postgresql")) {
      return pg.get();
    }
    if (!database.equals("embedded")) {
      throw new IllegalArgumentException(
          "citysense.database: \"" + database + "\" is not one of embedded, postgresql");
    }
    return h2.get();
  }

  @Produces
  @Singleton
  TokenService tokenService(javax.sql.DataSource ds, Clock clock, GatewayAccounts accounts) {
    return new TokenService(ds, clock, accounts);
  }

  @Produces
  @Singleton
  TokenAuthenticator tokenAuthenticator(javax.sql.DataSource ds) {
    return new JdbcTokenAuthenticator(ds);
  }

  @Produces
  @Singleton
  GatewayContacts gatewayContacts(javax.sql.DataSource ds) {
    return new GatewayContacts(ds);
  }

  @Produces
  @Singleton
  IngestService ingestService(
      javax.sql.DataSource ds, ReadingStore store, JdbcDeliveryLedger.Commit commit, Clock clock) {
    return new IngestService(
        new ReadingChecks(
            new CachingIngestDirectory(
                new JdbcIngestDirectory(ds), cacheEntries, Duration.ofSeconds(30), clock),
            ProfileCatalog.bundled()),
        new JdbcDeliveryLedger(ds, commit),
        store,
        maxFuture,
        maxClockOffset,
        maxItems);
  }

  /** On first start, an admin token: from configuration, or written to an owner-only file. */
  void bootstrap(@Observes StartupEvent start, TokenService tokens) throws Exception {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve("admin-token");
    // AdminBootstrap logs what it did: where it wrote a new token, or that it stored the configured
    // one
    new AdminBootstrap(tokens, file.toAbsolutePath().normalize(), configuredAdminToken).run();
  }
}
