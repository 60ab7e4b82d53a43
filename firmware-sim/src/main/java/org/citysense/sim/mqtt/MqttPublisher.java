package org.citysense.sim.mqtt;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.sim.SimTransport;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.mqtt.Uplink.Message;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays MQTT devices against one broker over one connection: each device publishes its JSON
 * document at start, every heartbeat (its shortest non-alarm point interval, in real time on the
 * simulation clock) and as soon as one of its values or faults changes, so a smoke alarm never
 * waits for the heartbeat. A device with a {@code no-response} fault publishes nothing.
 */
public final class MqttPublisher implements SimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(MqttPublisher.class);

  /** No device publishes more often than this, however fast the clock runs. */
  static final Duration MIN_GAP = Duration.ofMillis(100);

  private final String broker;
  private final Clock clock;
  private final List<Reporter> reporters;
  private final String clientId = "firmware-sim-" + UUID.randomUUID().toString().substring(0, 8);
  private volatile boolean closed;
  private ScheduledExecutorService executor;
  private MqttConnection connection;

  /**
   * @param broker the broker URI, e.g. {@code tcp://127.0.0.1:1883}
   * @param devices devices with MQTT profiles; all of them publish through this broker
   * @param clock the simulation clock, which turns intervals into real delays
   */
  public MqttPublisher(String broker, List<SimDevice> devices, Clock clock) {
    if (broker == null || broker.isBlank()) {
      throw new IllegalArgumentException("no MQTT broker URI given");
    }
    this.broker = broker;
    this.clock = clock;
    this.reporters = devices.stream().map(d -> new Reporter(new Uplink(d))).toList();
  }

  /** The MQTT client id this publisher connects with. */
  public String clientId() {
    return clientId;
  }

  @Override
  public void start() throws IOException {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-publisher-" + clientId);
              t.setDaemon(true);
              return t;
            });
    connection = new MqttConnection(broker, clientId, executor, this::reportAll);
    try {
      connection.connect();
    } catch (IOException e) {
      executor.shutdownNow();
      throw e;
    }
    for (Reporter reporter : reporters) {
      reporter.start();
    }
  }

  @Override
  public String describe() {
    return "mqtt "
        + broker
        + " devices "
        + reporters.stream().map(r -> r.uplink.device().id()).collect(Collectors.joining(","));
  }

  @Override
  public void close() {
    closed = true;
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (connection != null) {
      connection.close();
    }
  }

  private void reportAll() {
    reporters.forEach(Reporter::report);
  }

  /** One device's reports: heartbeat, and change reports merged when they come in bursts. */
  private final class Reporter {
    private final Uplink uplink;
    private final AtomicBoolean changePending = new AtomicBoolean();
    private volatile long lastReportNanos = System.nanoTime() - MIN_GAP.toNanos();

    Reporter(Uplink uplink) {
      this.uplink = uplink;
    }

    void start() {
      uplink.device().onChange(snapshot -> changed());
      Duration real = ClockSettings.realDelay(clock, uplink.heartbeat());
      long period = Math.max(MIN_GAP.toMillis(), real.toMillis());
      executor.scheduleAtFixedRate(this::report, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Reports the latest snapshot soon; a burst of changes becomes one report. */
    void changed() {
      if (closed || !changePending.compareAndSet(false, true)) {
        return;
      }
      long wait = lastReportNanos + MIN_GAP.toNanos() - System.nanoTime();
      try {
        executor.schedule(
            () -> {
              changePending.set(false);
              report();
            },
            Math.max(0, wait),
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }

    /** Runs on the executor; never throws, so the heartbeat keeps running. */
    void report() {
      String device = uplink.device().id();
      if (!connection.isConnected()) {
        LOG.debug("not connected, report skipped [device: {}, broker: {}]", device, broker);
        return;
      }
      lastReportNanos = System.nanoTime();
      try {
        for (Message message : uplink.messages(uplink.device().snapshot())) {
          publish(device, message);
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot build report [device: {}]: {}", device, e.toString());
      }
    }

    private void publish(String device, Message message) {
      try {
        connection.publish(message.topic(), message.payload());
      } catch (MqttException e) {
        LOG.warn(
            "cannot publish [device: {}, topic: {}]: {}", device, message.topic(), e.toString());
      }
    }
  }
}
