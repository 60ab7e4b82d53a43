package org.citysense.cloud.mqtt;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.citysense.testsupport.MosquittoServer;

/**
 * A real Mosquitto in a folder of its own for a {@code @QuarkusTest}: started before the service,
 * injected into the test's {@link MosquittoServer} fields, stopped and its folder removed after.
 * Subclasses say how it is configured and what the service is told.
 */
public abstract class MosquittoResource implements QuarkusTestResourceLifecycleManager {
  private Path dir;
  private MosquittoServer broker;

  /** The broker to start, in {@code dir}. */
  protected abstract MosquittoServer create(Path dir) throws IOException;

  /** The service's configuration for the started broker. */
  protected abstract Map<String, String> config(MosquittoServer broker);

  @Override
  public final Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("citysense-mosquitto");
      broker = create(dir);
      broker.start();
      return config(broker);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start mosquitto", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting mosquitto", e);
    }
  }

  @Override
  public final void inject(TestInjector injector) {
    injector.injectIntoFields(broker, new TestInjector.MatchesType(MosquittoServer.class));
  }

  @Override
  public final void stop() {
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
