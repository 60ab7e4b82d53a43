package org.citysense.cloud.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.overview.MapQueries;
import org.citysense.cloud.overview.OutlineCheck;
import org.citysense.cloud.overview.OutlineRepository;
import org.citysense.cloud.overview.PlaceQueries;
import org.citysense.cloud.overview.Places;
import org.citysense.cloud.overview.StationIndex;
import org.citysense.cloud.overview.TileQueries;
import org.citysense.cloud.overview.TileService;
import org.citysense.cloud.rules.RuleBook;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.load.ProfileCatalog;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Wires what the console's one screen reads: tiles, map, outlines, timelines, and the pages of a
 * station, household or device.
 */
@ApplicationScoped
public class OverviewWiring {

  @Produces
  @Singleton
  TileService tileService(
      DataSource ds,
      EventService events,
      RuleBook rules,
      Clock clock,
      @ConfigProperty(name = "citysense.console.gateway-silence", defaultValue = "PT10M")
          Duration fallbackSilence) {
    return new TileService(new TileQueries(ds), events, rules::current, fallbackSilence, clock);
  }

  @Produces
  @Singleton
  MapQueries mapQueries(DataSource ds) {
    return new MapQueries(ds);
  }

  @Produces
  @Singleton
  Places places(DataSource ds, ReadingStore readings, TileService tiles, Clock clock) {
    return new Places(
        new PlaceQueries(ds), ProfileCatalog.bundled(), readings, tiles::gatewaySilence, clock);
  }

  @Produces
  @Singleton
  StationIndex stationIndex(DataSource ds) {
    return new StationIndex(ds);
  }

  @Produces
  @Singleton
  OutlineRepository outlineRepository(DataSource ds) {
    return new OutlineRepository(ds);
  }

  @Produces
  @Singleton
  OutlineCheck outlineCheck(
      ObjectMapper json,
      @ConfigProperty(name = "citysense.console.outline-max-bytes", defaultValue = "1048576")
          int maxBytes) {
    return new OutlineCheck(json, maxBytes);
  }
}
