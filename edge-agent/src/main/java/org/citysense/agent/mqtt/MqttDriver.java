package org.citysense.agent.mqtt;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.agent.driver.Backoff;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.driver.PushListener;
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
 * Receives what MQTT devices publish on one broker: subscribes at QoS 1 to each device's topics and
 * hands each message's JSON to the listener with the device and the points of its topic.
 *
 * <p>A broker that is not there does not stop the agent: {@link #start} returns at once and the
 * driver connects in the background, retrying with backoff (1 s doubling to 30 s), as it does when
 * the connection is lost; each new connection subscribes again, since the session is clean. Paho's
 * own automatic reconnect is not used: its timer thread is not a daemon and {@code close()} may
 * leave it running.
 */
public final class MqttDriver implements PushDriver {
  private static final Logger LOG = LoggerFactory.getLogger(MqttDriver.class);
  private static final int QOS = 1;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final int KEEP_ALIVE_SECONDS = 30;
  private static final long QUIESCE_MS = 1_000;
  private static final String CONNECT_PROBLEM = "connect";

  private final String brokerUri;
  private final TopicRoutes routes;
  private final Duration connectTimeout;
  private final String clientId = "citysense-agent-" + UUID.randomUUID().toString().substring(0, 8);
  private final Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
  private final ProblemLog problems = new ProblemLog(LOG);
  private volatile boolean closed;
  private volatile boolean subscribed;
  private ScheduledExecutorService executor;
  private final MqttClient client;
  private MqttInbox inbox;

  /**
   * @param brokerUri e.g. {@code tcp://127.0.0.1:1883}
   * @param devices devices whose points are all on MQTT, publishing through this broker
   * @param settings {@code timeout} bounds connecting and subscribing (at least 5 s)
   * @throws IllegalArgumentException when Paho cannot use the URI, a device is not on MQTT, or two
   *     devices share a topic
   */
  public MqttDriver(String brokerUri, List<BoundDevice> devices, DriverSettings settings) {
    if (brokerUri == null || brokerUri.isBlank()) {
      throw new IllegalArgumentException("no MQTT broker URI given");
    }
    this.brokerUri = brokerUri;
    this.routes = TopicRoutes.of(devices);
    this.connectTimeout =
        settings.timeout().compareTo(MIN_CONNECT_TIMEOUT) > 0
            ? settings.timeout()
            : MIN_CONNECT_TIMEOUT;
    try {
      // checks the URI now; Paho starts no thread before connecting
      this.client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use MQTT broker URI " + brokerUri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Connects and subscribes in the background; returns at once, whether the broker is there or not.
   */
  @Override
  public synchronized void start(PushListener listener) {
    if (executor != null || closed) {
      throw new IllegalStateException("MQTT driver for " + brokerUri + " already started");
    }
    inbox = new MqttInbox(routes, listener);
    client.setTimeToWait(connectTimeout.toMillis());
    client.setCallback(new Callback());
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-driver " + clientId);
              t.setDaemon(true);
              return t;
            });
    executor.execute(this::connect);
  }

  /** Whether the driver is connected and subscribed, so messages flow. */
  public boolean isConnected() {
    return subscribed && client.isConnected();
  }

  /** The MQTT client id, which also names the driver's threads and Paho's. */
  String clientId() {
    return clientId;
  }

  @Override
  public String describe() {
    String state;
    if (closed) {
      state = "closed";
    } else if (isConnected()) {
      state = "connected, " + routes.topics().size() + " topics";
    } else {
      state = executor == null ? "not started" : "not connected, retrying";
    }
    return "mqtt " + brokerUri + " (" + state + ")";
  }

  /** Runs on the executor: connects when needed, then subscribes to every topic. */
  private void connect() {
    if (closed || isConnected()) {
      return;
    }
    try {
      if (!client.isConnected()) {
        client.connect(options());
      }
      subscribe();
      subscribed = true;
      backoff.reset();
      if (!problems.active(CONNECT_PROBLEM)) {
        LOG.info(
            "connected [broker: {}, client: {}, topics: {}]",
            brokerUri,
            clientId,
            routes.topics().size());
      }
      problems.cleared(
          CONNECT_PROBLEM,
          "connected again [broker: {}, client: {}, topics: {}]",
          brokerUri,
          clientId,
          routes.topics().size());
    } catch (MqttException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return;
      }
      Duration wait = backoff.next();
      problems.problem(
          CONNECT_PROBLEM,
          "cannot connect to MQTT broker, retrying [broker: {}, next try in: {}]: {}",
          brokerUri,
          wait,
          PahoClients.describe(e));
      schedule(this::connect, wait);
    }
  }

  private void subscribe() throws MqttException {
    List<String> topics = routes.topics();
    if (topics.isEmpty()) {
      return;
    }
    int[] qos = new int[topics.size()];
    Arrays.fill(qos, QOS);
    client.subscribe(topics.toArray(String[]::new), qos);
  }

  private MqttConnectOptions options() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
    options.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    return options;
  }

  private void schedule(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    try {
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Runs on the executor after Paho reported the connection lost. */
  private void reconnectAfterLoss() {
    backoff.reset();
    schedule(this::connect, backoff.next());
  }

  /** Stops reconnecting, disconnects and closes the client; no thread of the driver outlives it. */
  @Override
  public synchronized void close() {
    closed = true;
    subscribed = false;
    if (executor != null) {
      executor.shutdownNow();
      try {
        // a connect attempt in progress ends within its timeout
        executor.awaitTermination(connectTimeout.toMillis() + QUIESCE_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    PahoClients.disconnectAndClose(client, brokerUri, LOG);
  }

  /** Paho's callbacks, on its own threads. */
  private final class Callback implements MqttCallback {
    @Override
    public void connectionLost(Throwable cause) {
      subscribed = false;
      if (closed) {
        return;
      }
      problems.problem(
          CONNECT_PROBLEM,
          "lost connection to MQTT broker, reconnecting [broker: {}]: {}",
          brokerUri,
          String.valueOf(cause));
      try {
        executor.execute(MqttDriver.this::reconnectAfterLoss);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      inbox.accept(topic, message.getPayload());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // the driver only subscribes
    }
  }
}
