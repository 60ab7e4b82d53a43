package org.citysense.cloud.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.citysense.cloud.auth.GatewayAccountsException;

/**
 * {@link DynsecChannel} over Vert.x's MQTT client: a connection per call (account changes are rare,
 * and nothing has to be kept alive or reconnected), answers matched by their correlation data, so
 * that other admins' answers on the shared response topic are passed over. Blocks the caller: not
 * for an event loop.
 */
public final class MqttDynsecChannel implements DynsecChannel {
  static final String TOPIC = "$CONTROL/dynamic-security/v1";
  static final String RESPONSES = TOPIC + "/response";

  private final Vertx vertx;
  private final BrokerSettings settings;
  private final ObjectMapper json = new ObjectMapper();

  public MqttDynsecChannel(Vertx vertx, BrokerSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  @Override
  public List<JsonNode> execute(List<ObjectNode> commands) {
    String call = UUID.randomUUID().toString();
    ArrayNode list = json.createArrayNode();
    for (int i = 0; i < commands.size(); i++) {
      list.add(commands.get(i).deepCopy().put("correlationData", call + "/" + i));
    }
    byte[] payload =
        json.createObjectNode()
            .<ObjectNode>set("commands", list)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    MqttClientOptions options =
        new MqttClientOptions()
            .setClientId("citysense-accounts-" + call)
            .setUsername(settings.username())
            .setPassword(settings.password())
            .setCleanSession(true);
    options.setConnectTimeout((int) settings.timeout().toMillis());
    MqttClient client = MqttClient.create(vertx, options);
    client.subscribeCompletionHandler(
        ack -> {
          if (ack.grantedQoSLevels().stream().anyMatch(q -> q >= 0x80)) {
            subscribed.completeExceptionally(
                new GatewayAccountsException(
                    "user "
                        + settings.username()
                        + " may not subscribe to "
                        + RESPONSES
                        + " (give it the dynamic-security admin role)"));
          } else {
            subscribed.complete(null);
          }
        });
    client.publishHandler(
        message -> {
          JsonNode responses = parse(message.payload());
          if (responses != null && ours(responses, call)) {
            answer.complete(responses);
          }
        });
    client.closeHandler(
        closed -> {
          GatewayAccountsException gone =
              new GatewayAccountsException("the broker closed the connection");
          subscribed.completeExceptionally(gone);
          answer.completeExceptionally(gone);
        });
    try {
      await(
          client
              .connect(settings.port(), settings.host())
              .toCompletionStage()
              .toCompletableFuture(),
          "logging in");
      client.subscribe(RESPONSES, 1);
      await(subscribed, "subscribing to " + RESPONSES);
      client.publish(TOPIC, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false);
      return inOrder(await(answer, "waiting for the answer"), call, commands.size());
    } finally {
      if (client.isConnected()) {
        client.disconnect();
      }
    }
  }

  private JsonNode parse(Buffer payload) {
    try {
      return json.readTree(payload.getBytes()).get("responses");
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean ours(JsonNode responses, String call) {
    for (JsonNode r : responses) {
      if (r.path("correlationData").asText("").startsWith(call + "/")) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> inOrder(JsonNode responses, String call, int count) {
    JsonNode[] ordered = new JsonNode[count];
    for (JsonNode r : responses) {
      String data = r.path("correlationData").asText("");
      if (data.startsWith(call + "/")) {
        int i = Integer.parseInt(data.substring(call.length() + 1));
        if (i >= 0 && i < count) {
          ordered[i] = r;
        }
      }
    }
    List<JsonNode> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (ordered[i] == null) {
        throw new GatewayAccountsException("the broker did not answer command " + (i + 1));
      }
      list.add(ordered[i]);
    }
    return list;
  }

  private <T> T await(Future<T> future, String what) {
    String where = settings.username() + "@" + settings.host() + ":" + settings.port();
    try {
      return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayAccountsException("interrupted while " + what + " at " + where, e);
    } catch (TimeoutException e) {
      throw new GatewayAccountsException(
          "no answer from the broker within "
              + settings.timeout()
              + " ("
              + what
              + " at "
              + where
              + ")",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GatewayAccountsException accounts) {
        throw accounts;
      }
      throw new GatewayAccountsException(
          "cannot reach the broker (" + what + " at " + where + "): " + cause.getMessage(), cause);
    }
  }
}
