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
 * @param output where readings go until the uplink exists: "stdout" or a file path
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
    List<DeviceInstance> devices) {

  public AgentConfig {
    devices = List.copyOf(devices);
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
