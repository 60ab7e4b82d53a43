package org.citysense.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.profiles.device.DeviceInstance;

/**
 * The agent's one config file, read by {@link AgentConfigLoader}.
 *
 * @param dataDir where the agent keeps its state (sequence numbers, later the buffer)
 * @param profilesDir the installer's own profiles, added to the bundled ones; null for none
 * @param statusPort the local status endpoint's port on {@code statusHost}; -1 for none
 * @param output where readings go when there is no cloud: "stdout" or a file path
 * @param cloud where readings go, through the durable buffer; null to write them to {@code output}
 * @param buffer how the durable buffer uses the disk (with a cloud only)
 */
public record AgentConfig(
    String gatewayId,
    Path dataDir,
    Path profilesDir,
    String statusHost,
    int statusPort,
    String output,
    Mqtt mqtt,
    Polling polling,
    Stuck stuck,
    Cloud cloud,
    Buffer buffer,
    List<DeviceInstance> devices) {

  public AgentConfig {
    devices = List.copyOf(devices);
  }

  /**
   * The cloud the gateway forwards to.
   *
   * @param url cloud-ingest's base URL, e.g. https://cloud.example.org
   * @param tokenFile the file holding the gateway's bearer token (owner-only)
   * @param caFile a PEM file of the CA to trust for HTTPS, or null for the system's
   * @param transport "http" or "mqtt"
   * @param mqttBroker the cloud's broker for the mqtt transport, else null
   * @param batchSize readings (and events) per batch at most
   * @param linger how long a batch may wait to fill
   * @param timeout how long to wait for the cloud's answer to one batch
   */
  public record Cloud(
      String url,
      Path tokenFile,
      Path caFile,
      String transport,
      String mqttBroker,
      int batchSize,
      Duration linger,
      Duration timeout,
      Duration minBackoff,
      Duration maxBackoff) {}

  /**
   * The durable buffer's use of the disk.
   *
   * @param maxBytes the disk budget; past it the oldest non-alarm readings are evicted and counted
   * @param segmentBytes the size of one segment file
   * @param syncEvery how often appended items are forced to disk
   * @param auditFile where each item's seq is written once it is on disk, or null (for tests)
   */
  public record Buffer(long maxBytes, long segmentBytes, Duration syncEvery, Path auditFile) {
    public static final Buffer DEFAULT =
        new Buffer(512L * 1024 * 1024, 8L * 1024 * 1024, Duration.ofMillis(100), null);
  }

  /**
   * The gateway's MQTT broker, for devices with {@code mqtt: {}}.
   *
   * @param broker an existing broker's URI, or null when the agent hosts its own
   * @param embeddedHost where the agent's own broker listens, when {@code broker} is null
   */
  public record Mqtt(String broker, String embeddedHost, int embeddedPort) {
    public static final Mqtt NONE = new Mqtt(null, null, -1);

    public boolean embedded() {
      return broker == null && embeddedPort >= 0;
    }

    /** The URI devices without their own broker are read from, or null. */
    public String uri() {
      return broker != null
          ? broker
          : embedded() ? "tcp://" + embeddedHost + ":" + embeddedPort : null;
    }
  }

  /**
   * How polled devices are read.
   *
   * @param offlineAfter consecutive failed polls before a device is reported offline
   * @param offlinePollEvery how often an offline device is still tried
   * @param queueCapacity jobs a bus may have waiting; more are refused and counted
   */
  public record Polling(
      DriverSettings driver, int offlineAfter, Duration offlinePollEvery, int queueCapacity) {
    public static final Polling DEFAULT =
        new Polling(DriverSettings.DEFAULT, 3, Duration.ofSeconds(30), 64);
  }

  /**
   * When a value counts as stuck: the same value in {@code samples} readings in a row spanning at
   * least {@code duration}.
   */
  public record Stuck(int samples, Duration duration) {
    public static final Stuck DEFAULT = new Stuck(20, Duration.ofMinutes(30));
  }
}
