package org.citysense.cloud.mqtt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.citysense.testsupport.MosquittoServer;

/** Starts a real Mosquitto for a {@code @QuarkusTest} and turns MQTT ingest on against it. */
public final class MqttBroker implements QuarkusTestResourceLifecycleManager {
  private Path dir;
  private MosquittoServer broker;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("citysense-mqtt");
      broker = new MosquittoServer(dir);
      broker.start();
      return Map.of(
          "citysense.mqtt.enabled", "true",
          "citysense.mqtt.host", "127.0.0.1",
          "citysense.mqtt.port", Integer.toString(broker.port()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start mosquitto", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting mosquitto", e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(broker, new TestInjector.MatchesType(MosquittoServer.class));
  }

  @Override
  public void stop() {
    try {
      if (broker != null) {
        broker.close();
      }
      if (dir != null) {
        try (Stream<Path> paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot clean up after mosquitto", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
