package org.citysense.cloud.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.citysense.cloud.auth.ActiveGateways;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.mqtt.MqttBatchHandler;
import org.citysense.cloud.registry.GatewayContacts;
import org.citysense.cloud.store.Outage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Wires MQTT ingest to the same ingest service as HTTP, with the same body bound. */
@ApplicationScoped
public class MqttWiring {
  @ConfigProperty(name = "citysense.ingest.max-body-bytes", defaultValue = "8388608")
  int maxBodyBytes;

  @ConfigProperty(name = "citysense.database", defaultValue = "embedded")
  String database;

  @ConfigProperty(name = "citysense.registry.cache-entries", defaultValue = "50000")
  int cacheEntries;

  @Produces
  @Singleton
  MqttBatchHandler mqttBatchHandler(
      IngestService ingest,
      ObjectMapper json,
      GatewayContacts contacts,
      TokenService tokens,
      Clock clock) {
    return new MqttBatchHandler(
        ingest,
        json,
        maxBodyBytes,
        contacts,
        Outage.databaseName(database),
        new ActiveGateways(tokens, cacheEntries, clock));
  }
}
