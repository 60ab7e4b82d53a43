package org.citysense.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.InfluxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real influxd 1.x, plus what only a server can do: go away and return. */
class InfluxReadingStoreIT extends ReadingStoreContract {
  @TempDir static Path dir;
  private static InfluxServer server;
  private static int databases;

  @BeforeAll
  static void startInflux() throws Exception {
    server = new InfluxServer(dir);
    server.start();
  }

  @AfterAll
  static void stopInflux() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** A store over a database of its own, so that every test starts empty. */
  @Override
  protected ReadingStore newStore() {
    InfluxReadingStore influx = new InfluxReadingStore(server.url(), "citysense_" + ++databases);
    influx.createDatabaseIfMissing();
    return influx;
  }

  @Test
  void aStoppedServerIsUnavailableAndARetriedWriteStoresEachReadingOnce() throws Exception {
    List<WireReading> readings = List.of(pm(1, "dev-a", T0, 1), pm(2, "dev-a", T0 + 10, 2));
    store.write("gw-1", readings.subList(0, 1));
    server.stop();
    try {
      assertThatThrownBy(() -> store.write("gw-1", readings))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(server.url());
    } finally {
      server.start();
    }

    store.write("gw-1", readings);

    assertThat(all("dev-a")).containsExactlyElementsOf(readings);
  }

  @Test
  void aMissingDatabaseIsAMisconfigurationNotAnOutage() {
    try (InfluxReadingStore missing = new InfluxReadingStore(server.url(), "no_such_db")) {
      assertThatThrownBy(() -> missing.write("gw-1", List.of(pm(1, "dev-a", T0, 1))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(server.url())
          .hasMessageContaining("database not found");
      assertThatThrownBy(() -> missing.latest(List.of("dev-a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("database not found");
    }
  }
}
