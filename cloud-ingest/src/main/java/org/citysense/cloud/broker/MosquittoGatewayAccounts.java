package org.citysense.cloud.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.citysense.cloud.auth.GatewayAccounts;
import org.citysense.cloud.auth.GatewayAccountsException;
import org.citysense.cloud.auth.TokenInfo;
import org.citysense.cloud.registry.FieldException;
import org.jboss.logging.Logger;

/**
 * Gateway accounts in Mosquitto's dynamic security plugin. Each gateway gets a client (user name =
 * gateway id, password = its newest token) and a role of its own that allows publishing on {@code
 * citysense/gateways/<id>/batches} and subscribing to {@code .../replies}, nothing else: the plugin
 * of Mosquitto 2.0 has no {@code %u} in its ACLs. The client's description names the token ({@code
 * citysense token tok-…}): that marks the clients this class manages (others, such as the service's
 * own, are never touched) and tells which token an account belongs to. Deleting a client makes the
 * broker drop its open connections.
 */
public final class MosquittoGatewayAccounts implements GatewayAccounts {
  private static final Logger LOG = Logger.getLogger(MosquittoGatewayAccounts.class);
  static final String MARK = "citysense token ";
  static final String ROLE_PREFIX = "citysense-gateway-";

  /** Ids safe in a topic: no '/', '+' or '#' that would widen the gateway's ACL. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final String NOT_FOUND = "Client not found";

  private final DynsecChannel broker;

  /** Tokens of accounts that were unknown at the last reconciliation. */
  private Set<String> unknownBefore = Set.of();

  public MosquittoGatewayAccounts(DynsecChannel broker) {
    this.broker = broker;
  }

  @Override
  public void open(TokenInfo token, String secret) {
    String gateway = token.gatewayId();
    if (!SAFE_ID.matcher(gateway).matches()) {
      throw new FieldException(
          "gatewayId",
          "\""
              + gateway
              + "\" cannot be a broker account; letters, digits, '_', '.', '-', at most 64");
    }
    Optional<String> holder = tokenOf(gateway);
    if (holder.isPresent() && holder.get().isEmpty()) {
      throw new GatewayAccountsException(
          "the broker has an account "
              + gateway
              + " that citysense did not make; remove it there, or use another gateway id");
    }
    List<JsonNode> answers =
        broker.execute(
            List.of(
                // an older token's account goes, with its connection
                Dynsec.deleteClient(gateway),
                Dynsec.createRole(
                    ROLE_PREFIX + gateway,
                    "publishClientSend",
                    "citysense/gateways/" + gateway + "/batches",
                    "subscribePattern",
                    "citysense/gateways/" + gateway + "/replies",
                    "publishClientReceive",
                    "citysense/gateways/" + gateway + "/replies"),
                Dynsec.createClient(
                    gateway,
                    secret,
                    "citysense gateway " + gateway,
                    MARK + token.id(),
                    ROLE_PREFIX + gateway)));
    // the role may exist from before: the client's creation is what counts
    require(answers.get(2), "creating the broker account of gateway " + gateway);
    LOG.infof("opened broker account [gateway: %s, token: %s]", gateway, token.id());
  }

  @Override
  public void close(TokenInfo token) {
    String gateway = token.gatewayId();
    if (gateway == null || !SAFE_ID.matcher(gateway).matches()) {
      return; // never had an account
    }
    Optional<String> holder = tokenOf(gateway);
    if (holder.isEmpty() || !holder.get().equals(token.id())) {
      return; // gone already, or a newer token's, or not ours
    }
    remove(gateway);
    LOG.infof("closed broker account [gateway: %s, token: %s]", gateway, token.id());
  }

  /**
   * Removes the accounts whose token is revoked: revocations the broker missed while it was away.
   * An account whose token is unknown (its issue was rolled back after the account was made) goes
   * when it is still unknown at the next run: until its transaction commits, a token being issued
   * is unknown too.
   *
   * @param activity whether each of the given token ids is active; unknown ids left out
   * @return the gateways whose account was removed
   */
  public synchronized List<String> reconcile(Function<Set<String>, Map<String, Boolean>> activity) {
    JsonNode answer = broker.execute(List.of(Dynsec.listClients())).get(0);
    require(answer, "listing the broker's accounts");
    Map<String, String> tokenByGateway = new TreeMap<>();
    for (JsonNode client : answer.path("data").path("clients")) {
      String description = client.path("textdescription").asText("");
      if (description.startsWith(MARK)) {
        tokenByGateway.put(client.path("username").asText(), description.substring(MARK.length()));
      }
    }
    Map<String, Boolean> known = activity.apply(Set.copyOf(tokenByGateway.values()));
    Set<String> unknown = new HashSet<>();
    List<String> removed = new ArrayList<>();
    tokenByGateway.forEach(
        (gateway, token) -> {
          Boolean active = known.get(token);
          if (active == null) {
            unknown.add(token);
          }
          if (Boolean.FALSE.equals(active) || (active == null && unknownBefore.contains(token))) {
            remove(gateway);
            removed.add(gateway);
            LOG.infof(
                "closed the broker account of a %s token [gateway: %s, token: %s]",
                active == null ? "never stored" : "revoked", gateway, token);
          }
        });
    unknownBefore = unknown;
    return removed;
  }

  /**
   * The token id a gateway's account carries: empty when there is no account, an empty string when
   * the account is not one of ours.
   */
  private Optional<String> tokenOf(String gateway) {
    JsonNode answer = broker.execute(List.of(Dynsec.getClient(gateway))).get(0);
    if (NOT_FOUND.equals(answer.path("error").asText(null))) {
      return Optional.empty();
    }
    require(answer, "reading the broker account of gateway " + gateway);
    String description = answer.path("data").path("client").path("textdescription").asText("");
    return Optional.of(description.startsWith(MARK) ? description.substring(MARK.length()) : "");
  }

  private void remove(String gateway) {
    List<JsonNode> answers =
        broker.execute(
            List.of(Dynsec.deleteClient(gateway), Dynsec.deleteRole(ROLE_PREFIX + gateway)));
    if (!NOT_FOUND.equals(answers.get(0).path("error").asText(null))) {
      require(answers.get(0), "removing the broker account of gateway " + gateway);
    }
  }

  private static void require(JsonNode answer, String what) {
    if (answer.hasNonNull("error")) {
      throw new GatewayAccountsException(
          what + ": the broker answered \"" + answer.get("error").asText() + "\"");
    }
  }
}
