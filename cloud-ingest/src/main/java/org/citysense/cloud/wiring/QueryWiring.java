package org.citysense.cloud.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.citysense.cloud.readings.ReadingAggregates;
import org.citysense.cloud.readings.ReadingQueries;
import org.citysense.cloud.registry.StationDevices;
import org.citysense.cloud.store.ReadingStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires the read side to the chosen reading store and the registry's database. */
@ApplicationScoped
public class QueryWiring {

  @Produces
  @Singleton
  ReadingQueries readingQueries(ReadingStore store, DataSource dataSource) {
    return new ReadingQueries(store, new StationDevices(dataSource)::deviceIds);
  }

  @Produces
  @Singleton
  ReadingAggregates readingAggregates(
      ReadingStore store,
      @ConfigProperty(name = "citysense.api.readings.target-buckets", defaultValue = "500")
          int targetBuckets,
      @ConfigProperty(name = "citysense.api.readings.max-buckets", defaultValue = "2000")
          int maxBuckets) {
    return new ReadingAggregates(store, targetBuckets, maxBuckets);
  }
}
