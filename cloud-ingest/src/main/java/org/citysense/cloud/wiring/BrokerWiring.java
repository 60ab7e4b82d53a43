package org.citysense.cloud.wiring;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import org.citysense.cloud.auth.GatewayAccounts;
import org.citysense.cloud.auth.TokenService;
import org.citysense.cloud.broker.BrokerSettings;
import org.citysense.cloud.broker.MosquittoGatewayAccounts;
import org.citysense.cloud.broker.MqttDynsecChannel;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateways' broker accounts ({@code citysense.broker-accounts.*}): off by default; when on,
 * kept in Mosquitto's dynamic security plugin as tokens are issued and revoked, and reconciled at
 * start and every {@code reconcile-every} (revocations the broker missed while it was away).
 */
@ApplicationScoped
public class BrokerWiring {
  private static final Logger LOG = Logger.getLogger(BrokerWiring.class);

  @ConfigProperty(name = "citysense.broker-accounts.enabled", defaultValue = "false")
  boolean enabled;

  @ConfigProperty(name = "citysense.broker-accounts.host", defaultValue = "127.0.0.1")
  String host;

  @ConfigProperty(name = "citysense.broker-accounts.port", defaultValue = "1883")
  int port;

  @ConfigProperty(name = "citysense.broker-accounts.username")
  Optional<String> username;

  @ConfigProperty(name = "citysense.broker-accounts.password")
  Optional<String> password;

  @ConfigProperty(name = "citysense.broker-accounts.timeout", defaultValue = "10s")
  Duration timeout;

  @Inject Vertx vertx;

  private MosquittoGatewayAccounts mosquitto;

  @Produces
  @Singleton
  GatewayAccounts gatewayAccounts() {
    if (!enabled) {
      return GatewayAccounts.NONE;
    }
    String user =
        username
            .filter(u -> !u.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "citysense.broker-accounts.username is missing: broker accounts are on"
                            + " (citysense.broker-accounts.enabled=true), so name the broker's"
                            + " dynamic-security admin account"));
    mosquitto =
        new MosquittoGatewayAccounts(
            new MqttDynsecChannel(
                vertx, new BrokerSettings(host, port, user, password.orElse(""), timeout)));
    return mosquitto;
  }

  /** Looked up when used: the token service itself depends on the accounts made here. */
  @Inject Instance<TokenService> tokens;

  void reconcileAtStart(@Observes StartupEvent start, GatewayAccounts accounts) {
    reconcile();
  }

  @Scheduled(
      every = "${citysense.broker-accounts.reconcile-every:60s}",
      delayed = "${citysense.broker-accounts.reconcile-every:60s}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void reconcile() {
    if (mosquitto == null) {
      return;
    }
    try {
      mosquitto.reconcile(tokens.get()::activity);
    } catch (RuntimeException e) {
      // the broker may be away; the next run tries again
      LOG.warnf("cannot reconcile the gateways' broker accounts: %s", e.getMessage());
    }
  }
}
