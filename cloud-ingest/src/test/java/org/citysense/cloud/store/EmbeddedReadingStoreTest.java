package org.citysense.cloud.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedReadingStoreTest extends ReadingStoreContract {
  @TempDir Path dir;

  @Override
  protected ReadingStore newStore() {
    return EmbeddedReadingStore.open(dir.resolve("readings"));
  }

  @Test
  void readingsSurviveReopening() {
    store.write("gw-1", List.of(pm(1, "dev-a", T0, 1)));
    store.close();

    store = EmbeddedReadingStore.open(dir.resolve("readings"));

    assertThat(all("dev-a")).containsExactly(pm(1, "dev-a", T0, 1));
  }

  @Test
  void aFailingWriteStoresNothing() {
    WireReading broken =
        new WireReading(2, null, "pm2_5", Quantity.PM2_5, Value.of(1), "µg/m³", T0, Quality.GOOD);

    assertThatThrownBy(() -> store.write("gw-1", List.of(pm(1, "dev-a", T0, 1), broken)))
        .isInstanceOf(StoreUnavailableException.class);

    assertThat(all("dev-a")).isEmpty();
  }
}
