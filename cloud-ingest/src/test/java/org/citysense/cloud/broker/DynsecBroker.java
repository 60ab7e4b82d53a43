package org.citysense.cloud.broker;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.citysense.testsupport.MosquittoServer;

/**
 * Starts a real Mosquitto with the dynamic security plugin for a {@code @QuarkusTest} and turns the
 * broker-account manager on against it, reconciling every 2 s.
 */
public final class DynsecBroker implements QuarkusTestResourceLifecycleManager {
  static final String ADMIN = "citysense-admin";
  private Path dir;
  private MosquittoServer broker;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("citysense-dynsec");
      broker = MosquittoServer.withDynamicSecurity(dir, ADMIN, UUID.randomUUID().toString());
      broker.start();
      return Map.of(
          "citysense.broker-accounts.enabled",
          "true",
          "citysense.broker-accounts.host",
          "127.0.0.1",
          "citysense.broker-accounts.port",
          Integer.toString(broker.port()),
          "citysense.broker-accounts.username",
          ADMIN,
          "citysense.broker-accounts.password",
          broker.dynsecAdminPassword(),
          "citysense.broker-accounts.reconcile-every",
          "2s");
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
