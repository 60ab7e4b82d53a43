package org.citysense.cloud.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.citysense.cloud.readings.ReadingQueries;
import org.citysense.cloud.registry.StationDevices;
import org.citysense.cloud.store.ReadingStore;

/** Wires the read side to the chosen reading store and the registry's database. */
@ApplicationScoped
public class QueryWiring {

  @Produces
  @Singleton
  ReadingQueries readingQueries(ReadingStore store, DataSource dataSource) {
    return new ReadingQueries(store, new StationDevices(dataSource)::deviceIds);
  }
}
