package org.citysense.cloud.mqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.citysense.testsupport.MosquittoServer;

/** Starts a real Mosquitto for a {@code @QuarkusTest} and turns MQTT ingest on against it. */
public final class MqttBroker extends MosquittoResource {
  @Override
  protected MosquittoServer create(Path dir) throws IOException {
    return new MosquittoServer(dir);
  }

  @Override
  protected Map<String, String> config(MosquittoServer broker) {
    return Map.of(
        "citysense.mqtt.enabled", "true",
        "citysense.mqtt.host", "127.0.0.1",
        "citysense.mqtt.port", Integer.toString(broker.port()));
  }
}
