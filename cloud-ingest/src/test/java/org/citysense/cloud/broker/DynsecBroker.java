package org.citysense.cloud.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.citysense.cloud.mqtt.MosquittoResource;
import org.citysense.testsupport.MosquittoServer;

/**
 * Starts a real Mosquitto with the dynamic security plugin for a {@code @QuarkusTest} and turns the
 * broker-account manager on against it, reconciling every 2 s.
 */
public final class DynsecBroker extends MosquittoResource {
  static final String ADMIN = "citysense-admin";

  @Override
  protected MosquittoServer create(Path dir) throws IOException {
    return MosquittoServer.withDynamicSecurity(dir, ADMIN, UUID.randomUUID().toString());
  }

  @Override
  protected Map<String, String> config(MosquittoServer broker) {
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
  }
}
