package org.citysense.cloud.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.citysense.cloud.auth.GatewayAccountsException;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenInfo;
import org.citysense.cloud.registry.FieldException;
import org.citysense.testsupport.MosquittoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MosquittoGatewayAccounts} against a real Mosquitto with the dynamic security plugin: the
 * accounts it leaves alone, and what its reconciliation removes.
 */
class MosquittoGatewayAccountsTest {
  private static Path dir;
  private static MosquittoServer broker;
  private static Vertx vertx;
  private static DynsecChannel channel;
  private static MqttPeer peer;

  private final MosquittoGatewayAccounts accounts = new MosquittoGatewayAccounts(channel);

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("citysense-dynsec");
    broker = MosquittoServer.withDynamicSecurity(dir, "admin", UUID.randomUUID().toString());
    broker.start();
    vertx = Vertx.vertx();
    channel =
        new MqttDynsecChannel(
            vertx,
            new BrokerSettings(
                "127.0.0.1",
                broker.port(),
                "admin",
                broker.dynsecAdminPassword(),
                Duration.ofSeconds(20)));
    peer = new MqttPeer(broker.port());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
    broker.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void anAccountCitysenseDidNotMakeIsNeitherReplacedNorReconciled() throws Exception {
    String gateway = "gw-foreign-" + UUID.randomUUID().toString().substring(0, 6);
    var made =
        channel.execute(
            List.of(Dynsec.createClient(gateway, "theirs", "theirs", "theirs", "admin")));
    assertThat(made.get(0).has("error")).as(made.toString()).isFalse();

    assertThatThrownBy(() -> accounts.open(token("tok-a", gateway), "cs_ours"))
        .isInstanceOf(GatewayAccountsException.class)
        .hasMessageContaining("did not make");
    accounts.reconcile(ids -> Map.of());
    accounts.reconcile(ids -> Map.of());
    var still = channel.execute(List.of(Dynsec.getClient(gateway)));
    assertThat(still.get(0).has("error")).as(still.toString()).isFalse();
  }

  @Test
  void aGatewayIdThatWouldWidenItsTopicsIsRefused() {
    assertThatThrownBy(() -> accounts.open(token("tok-b", "gw/#"), "cs_x"))
        .isInstanceOf(FieldException.class)
        .hasMessageContaining("gatewayId");
  }

  @Test
  void reconciliationRemovesRevokedAccountsAtOnceAndUnknownOnesTheSecondTime() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String active = "gw-active-" + run;
    String revoked = "gw-revoked-" + run;
    String unknown = "gw-unknown-" + run;
    accounts.open(token("tok-active-" + run, active), "cs_active");
    accounts.open(token("tok-revoked-" + run, revoked), "cs_revoked");
    accounts.open(token("tok-unknown-" + run, unknown), "cs_unknown");
    // the store knows two of the tokens: one active, one revoked
    Map<String, Boolean> store = Map.of("tok-active-" + run, true, "tok-revoked-" + run, false);

    // other tests' accounts may be listed too: only this test's are looked at
    List<String> first = accounts.reconcile(ids -> known(store, ids, run));
    assertThat(first).filteredOn(g -> g.endsWith(run)).containsExactly(revoked);
    assertThat(peer.publish(revoked, "cs_revoked").refusedAtConnect()).isTrue();
    assertThat(peer.publish(unknown, "cs_unknown").accepted()).isTrue();

    List<String> second = accounts.reconcile(ids -> known(store, ids, run));
    assertThat(second).filteredOn(g -> g.endsWith(run)).containsExactly(unknown);
    assertThat(peer.publish(unknown, "cs_unknown").refusedAtConnect()).isTrue();
    assertThat(peer.publish(active, "cs_active").accepted()).isTrue();
  }

  /** The store's answer for this test's tokens; the other tests' tokens count as active. */
  private static Map<String, Boolean> known(
      Map<String, Boolean> store, java.util.Set<String> ids, String run) {
    Map<String, Boolean> answer = new java.util.HashMap<>();
    for (String id : ids) {
      if (!id.endsWith(run)) {
        answer.put(id, true);
      } else if (store.containsKey(id)) {
        answer.put(id, store.get(id));
      }
    }
    return answer;
  }

  private static TokenInfo token(String id, String gateway) {
    return new TokenInfo(
        id,
        Role.GATEWAY,
        "gateway " + gateway,
        null,
        false,
        java.util.Set.of(),
        gateway,
        Instant.now(),
        null);
  }
}
