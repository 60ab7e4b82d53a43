package org.citysense.agent.uplink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.citysense.io.mqtt.PahoClients;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.WireWriter;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each batch over MQTT to cloud-ingest (docs/cloud-ingest-mqtt.md): publishes the gzip wire
 * JSON at QoS 1 on {@code citysense/gateways/<id>/batches} and waits for the cloud's answer on
 * {@code citysense/gateways/<id>/replies}, matched by batch id. The same guarantee as over HTTP: a
 * batch counts as delivered only once its reply is here; no reply within the timeout is a failure,
 * and the forwarder sends the same batch again (the cloud stores each seq once and answers a known
 * batch id with its earlier reply).
 *
 * <p><b>Clean session.</b> The connection uses a clean session: correctness rests on resending
 * until a reply arrives, not on the broker keeping a session. A persistent session would need a
 * client id stable across restarts and unique per gateway, would make the broker queue replies for
 * gateways that are gone, and would bring back stale replies after a reconnect; it would save
 * nothing, since a reply lost with a connection is replayed by the cloud for the resent batch.
 *
 * <p>It connects on the first send and again on a send after the connection was lost; the reply
 * topic is subscribed before anything is published, so no reply can pass unseen. One batch at a
 * time: {@link #send} is called by one thread (the forwarder).
 */
public final class MqttUplink implements Uplink {
  private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);
  private static final int QOS = 1;
  private static final int KEEP_ALIVE_SECONDS = 30;

  private final String brokerUri;
  private final String batchTopic;
  private final String replyTopic;
  private final Duration timeout;
  private final MqttConnectOptions options;
  private final MqttClient client;
  private final WireWriter codec = new WireWriter();
  private final ReplyJson json = new ReplyJson();
  private final Object lock = new Object();
  private volatile boolean closed;
  private volatile boolean subscribed;
  // the batch a send waits for, and its answer; guarded by lock
  private String awaited;
  private CompletableFuture<ReplyJson.Answer> answer;

  /**
   * @param brokerUri e.g. {@code tcp://broker:1883} or {@code ssl://broker:8883}
   * @param gatewayId names the topics
   * @param username the gateway's broker account, or null for none
   * @param password its password (the secret itself), or null
   * @param caFile PEM certificates to trust for {@code ssl://} instead of the JVM's CAs, or null
   * @param timeout bounds connecting, publishing and waiting for the reply
   * @throws IllegalArgumentException when Paho cannot use the URI or the CA file is not usable
   */
  public MqttUplink(
      String brokerUri,
      String gatewayId,
      String username,
      String password,
      Path caFile,
      Duration timeout) {
    if (brokerUri == null || brokerUri.isBlank()) {
      throw new IllegalArgumentException("no MQTT broker URI given for the uplink");
    }
    if (gatewayId == null || gatewayId.isBlank() || gatewayId.matches(".*[/+#].*")) {
      throw new IllegalArgumentException("not a usable gateway id for MQTT topics: " + gatewayId);
    }
    this.brokerUri = brokerUri;
    this.batchTopic = "citysense/gateways/" + gatewayId + "/batches";
    this.replyTopic = "citysense/gateways/" + gatewayId + "/replies";
    this.timeout = timeout;
    this.options = options(username, password, caFile, timeout);
    String clientId =
        "citysense-uplink-" + gatewayId + "-" + UUID.randomUUID().toString().substring(0, 6);
    try {
      // checks the URI now; Paho starts no thread before connecting
      this.client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use MQTT broker URI " + brokerUri + ": " + e.getMessage(), e);
    }
    client.setTimeToWait(timeout.toMillis());
    client.setCallback(new Callback());
  }

  private static MqttConnectOptions options(
      String username, String password, Path caFile, Duration timeout) {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
    options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setMaxInflight(10);
    if (username != null) {
      options.setUserName(username);
      if (password != null) {
        options.setPassword(password.toCharArray());
      }
    }
    if (caFile != null) {
      options.setSocketFactory(TrustedCas.sslContext(caFile).getSocketFactory());
    }
    return options;
  }

  @Override
  public UplinkReply send(Batch batch) throws UplinkException {
    if (closed) {
      throw new UplinkException("the MQTT uplink is closed", null, false, null);
    }
    CompletableFuture<ReplyJson.Answer> pending = new CompletableFuture<>();
    synchronized (lock) {
      awaited = batch.batchId();
      answer = pending;
    }
    try {
      connect();
      client.publish(batchTopic, codec.encodeGzip(batch), QOS, false);
      ReplyJson.Answer got = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (got.isReply()) {
        return got.reply();
      }
      throw Refusals.of(got.status(), got.error(), got.field(), got.retryAfter());
    } catch (MqttException e) {
      throw new UplinkException(
          "cannot publish batch "
              + batch.batchId()
              + " to "
              + brokerUri
              + ": "
              + PahoClients.describe(e),
          null,
          e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
              || e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION,
          e);
    } catch (TimeoutException e) {
      throw new UplinkException(
          "no reply for batch "
              + batch.batchId()
              + " on "
              + replyTopic
              + " within "
              + timeout.toMillis()
              + " ms",
          null,
          false,
          e);
    } catch (ExecutionException e) {
      throw new UplinkException(
          "lost the answer for batch " + batch.batchId() + ": " + e.getCause().getMessage(),
          null,
          false,
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UplinkException("interrupted while sending to " + brokerUri, null, false, e);
    } finally {
      synchronized (lock) {
        awaited = null;
        answer = null;
      }
    }
  }

  /** Connects and subscribes to the reply topic when not connected. */
  private void connect() throws MqttException {
    if (client.isConnected() && subscribed) {
      return;
    }
    if (!client.isConnected()) {
      subscribed = false;
      client.connect(options);
      LOG.info("connected to MQTT broker for the uplink [broker: {}]", brokerUri);
    }
    client.subscribe(replyTopic, QOS);
    subscribed = true;
  }

  /** Called by Paho for each message on the reply topic. Never throws. */
  private void replyArrived(byte[] payload) {
    ReplyJson.Answer got;
    try {
      got = json.read(payload);
    } catch (IOException e) {
      LOG.warn("ignoring an unreadable reply [topic: {}]: {}", replyTopic, e.getMessage());
      return;
    }
    synchronized (lock) {
      // an error the cloud could not tie to a batch (a payload too large to read) is for the one
      // batch in flight; any other answer must name it, else it is a late reply to an earlier try
      boolean ours =
          awaited != null
              && (awaited.equals(got.batchId()) || (got.batchId() == null && !got.isReply()));
      if (ours) {
        answer.complete(got);
        return;
      }
    }
    LOG.debug("ignoring a reply for another batch [batch: {}]", got.batchId());
  }

  @Override
  public String describe() {
    return "mqtt " + brokerUri + " " + batchTopic;
  }

  /** Disconnects; a send waiting for its reply fails at once. */
  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      if (answer != null) {
        answer.completeExceptionally(new IOException("the uplink was closed"));
      }
    }
    PahoClients.disconnectAndClose(client, brokerUri, LOG);
  }

  /** Paho's callbacks, on its own threads. */
  private final class Callback implements MqttCallback {
    @Override
    public void connectionLost(Throwable cause) {
      subscribed = false;
      synchronized (lock) {
        if (answer != null) {
          answer.completeExceptionally(
              new IOException("lost the connection to " + brokerUri + ": " + cause));
        }
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      replyArrived(message.getPayload());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // send() waits for the reply, not for the broker's acknowledgement
    }
  }
}
