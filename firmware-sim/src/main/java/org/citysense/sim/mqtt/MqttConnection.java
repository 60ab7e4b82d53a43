package org.citysense.sim.mqtt;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.io.mqtt.PahoClients;
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
 * One Paho connection to one broker, publishing at QoS 1. When the broker goes away it reconnects
 * with doubling backoff on the given executor. Paho's own automatic reconnect is not used: its
 * reconnect timer is a non-daemon thread that {@code close()} does not stop, and the JVM must be
 * able to exit after {@link #close()}.
 */
final class MqttConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);
  private static final int QOS = 1;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final int CONNECT_TIMEOUT_SECONDS = 5;
  private static final long PUBLISH_TIMEOUT_MS = 5_000;

  private final String broker;
  private final String clientId;
  private final ScheduledExecutorService executor;
  private final Runnable onReconnect;
  private volatile boolean closed;
  private MqttClient client;

  /**
   * @param executor runs reconnect attempts; single-threaded, shared with the publisher
   * @param onReconnect runs on the executor after each successful reconnect
   */
  MqttConnection(
      String broker, String clientId, ScheduledExecutorService executor, Runnable onReconnect) {
    this.broker = broker;
    this.clientId = clientId;
    this.executor = executor;
    this.onReconnect = onReconnect;
  }

  /** Connects once; a broker that cannot be reached fails with a message naming its URI. */
  void connect() throws IOException {
    try {
      client = new MqttClient(broker, clientId, new MemoryPersistence());
      client.setTimeToWait(PUBLISH_TIMEOUT_MS);
      client.setCallback(new Callback());
      client.connect(options());
    } catch (MqttException | IllegalArgumentException e) {
      close();
      throw new IOException(
          "cannot connect to MQTT broker " + broker + ": " + PahoClients.describe(e), e);
    }
    LOG.info("connected [broker: {}, client: {}]", broker, clientId);
  }

  boolean isConnected() {
    return client != null && client.isConnected();
  }

  /** Publishes at QoS 1 and waits for the broker's acknowledgement. */
  void publish(String topic, byte[] payload) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(QOS);
    client.publish(topic, message);
  }

  private static MqttConnectOptions options() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    return options;
  }

  private void scheduleReconnect(Duration backoff) {
    if (closed) {
      return;
    }
    try {
      executor.schedule(() -> reconnect(backoff), backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // the publisher is closing
    }
  }

  private void reconnect(Duration backoff) {
    if (closed || client.isConnected()) {
      return;
    }
    try {
      client.connect(options());
      LOG.info("reconnected [broker: {}, client: {}]", broker, clientId);
      onReconnect.run();
    } catch (MqttException e) {
      Duration next = backoff.multipliedBy(2);
      next = next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
      LOG.debug(
          "cannot reconnect [broker: {}]: {}; next try in {}",
          broker,
          PahoClients.describe(e),
          next);
      scheduleReconnect(next);
    }
  }

  /** Disconnects and closes the client; Paho's threads end here. */
  @Override
  public void close() {
    closed = true;
    if (client == null) {
      return;
    }
    PahoClients.disconnectAndClose(client, broker, LOG);
  }

  private final class Callback implements MqttCallback {
    @Override
    public void connectionLost(Throwable cause) {
      if (!closed) {
        LOG.warn(
            "lost MQTT connection, reconnecting [broker: {}]: {}", broker, String.valueOf(cause));
        scheduleReconnect(FIRST_BACKOFF);
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }
}
