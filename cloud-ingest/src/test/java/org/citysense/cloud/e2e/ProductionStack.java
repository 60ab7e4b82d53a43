package org.citysense.cloud.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.citysense.cloud.testdb.PostgresServer;
import org.citysense.testsupport.InfluxServer;

/**
 * The production configuration for a {@code @QuarkusTest}: a real PostgreSQL 15 holds the registry
 * and a real influxd holds the readings, both started here on free ports of 127.0.0.1 with
 * temporary data, and stopped by their PIDs. The {@link InfluxServer} and the {@link
 * PostgresServer} are injected into the test so that it can stop and restart either (same port,
 * same data).
 */
public final class ProductionStack implements QuarkusTestResourceLifecycleManager {
  private PostgresServer postgres;
  private InfluxServer influx;
  private Path folder;

  @Override
  public Map<String, String> start() {
    try {
      folder = Files.createTempDirectory("citysense-e2e");
      Path influxDir = Files.createDirectories(folder.resolve("influx"));
      influx = new InfluxServer(influxDir);
      influx.start();
      postgres = new PostgresServer();
      String jdbcUrl = postgres.emptyDatabase("citysense");
      Map<String, String> config = new HashMap<>();
      config.put("citysense.database", "postgresql");
      config.put("quarkus.datasource.h2.active", "false");
      config.put("quarkus.datasource.pg.active", "true");
      config.put("quarkus.datasource.pg.jdbc.url", jdbcUrl);
      config.put("quarkus.datasource.pg.username", "postgres");
      config.put("citysense.readings.store", "influxdb");
      config.put("citysense.influxdb.url", influx.url());
      config.put("citysense.influxdb.database", "citysense");
      String dataDir = folder.resolve("data").toString();
      config.put("citysense.data-dir", dataDir);
      config.put("%test.citysense.data-dir", dataDir);
      return config;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the production stack", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the production stack", e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(influx, new TestInjector.MatchesType(InfluxServer.class));
    injector.injectIntoFields(postgres, new TestInjector.MatchesType(PostgresServer.class));
  }

  @Override
  public void stop() {
    try {
      if (influx != null) {
        influx.close();
      }
      if (postgres != null) {
        postgres.close();
      }
      if (folder != null) {
        try (Stream<Path> paths = Files.walk(folder)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot stop the production stack", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
