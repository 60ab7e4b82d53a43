package org.citysense.cloud.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.citysense.cloud.store.EmbeddedReadingStore;
import org.citysense.cloud.store.InfluxReadingStore;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.cloud.store.StoreUnavailableException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Chooses the reading store from configuration: the embedded store in the data folder by default,
 * InfluxDB 1.x in production ({@code citysense.readings.store=influxdb}).
 */
@ApplicationScoped
public class StoreWiring {
  private static final Logger LOG = Logger.getLogger(StoreWiring.class);

  @ConfigProperty(name = "citysense.data-dir", defaultValue = "data")
  Path dataDir;

  @ConfigProperty(name = "citysense.readings.store", defaultValue = "embedded")
  String kind;

  @ConfigProperty(name = "citysense.influxdb.url", defaultValue = "http://127.0.0.1:8086")
  String influxUrl;

  @ConfigProperty(name = "citysense.influxdb.database", defaultValue = "citysense")
  String influxDatabase;

  @Produces
  @Singleton
  ReadingStore readingStore() {
    if (kind.equals("influxdb")) {
      InfluxReadingStore influx = new InfluxReadingStore(influxUrl, influxDatabase);
      try {
        influx.createDatabaseIfMissing();
      } catch (StoreUnavailableException e) {
        // the service starts anyway: ingest answers 503 until InfluxDB is back
        LOG.warnf("InfluxDB is not reachable yet [url: %s]: %s", influxUrl, e.getMessage());
      }
      LOG.infof("readings go to InfluxDB [url: %s, database: %s]", influxUrl, influxDatabase);
      return influx;
    }
    if (!kind.equals("embedded")) {
      throw new IllegalArgumentException(
          "citysense.readings.store: \"" + kind + "\" is not one of embedded, influxdb");
    }
    Path file = dataDir.resolve("readings");
    LOG.infof("readings go to the embedded store [file: %s]", file.toAbsolutePath());
    return EmbeddedReadingStore.open(file);
  }

  void close(@Disposes ReadingStore readingStore) {
    readingStore.close();
  }
}
