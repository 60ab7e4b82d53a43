package org.citysense.cloud.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
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

  @Produces
  @Singleton
  MqttBatchHandler mqttBatchHandler(
      IngestService ingest, ObjectMapper json, GatewayContacts contacts) {
    return new MqttBatchHandler(
        ingest, json, maxBodyBytes, contacts, Outage.databaseName(database));
  }
}
