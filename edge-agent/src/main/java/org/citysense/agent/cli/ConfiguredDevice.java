package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;

/** A device of the agent's config, bound to its profile, as the installer's commands use it. */
record ConfiguredDevice(AgentConfig config, BoundDevice device) {

  /**
   * The device {@code id} of config {@code file}; when there is none, says so on {@code err},
   * listing the configured ids.
   *
   * @throws org.citysense.profiles.load.InvalidFileException when the config is not valid
   */
  static Optional<ConfiguredDevice> find(Path file, String id, PrintWriter err) {
    AgentConfigLoader.Loaded loaded = new AgentConfigLoader().load(file);
    AgentConfig config = loaded.config();
    Optional<DeviceInstance> instance =
        config.devices().stream().filter(d -> d.id().equals(id)).findFirst();
    if (instance.isEmpty()) {
      err.println(
          "edge-agent: no device "
              + id
              + " in "
              + file
              + "; configured: "
              + (config.devices().isEmpty()
                  ? "none"
                  : String.join(", ", config.devices().stream().map(DeviceInstance::id).toList())));
      return Optional.empty();
    }
    // the loader checked every device's profile
    var profile = loaded.profiles().find(instance.get().profile()).orElseThrow();
    return Optional.of(new ConfiguredDevice(config, new BoundDevice(instance.get(), profile)));
  }

  String id() {
    return device.id();
  }

  /** The config's driver settings with {@code timeout} and no retries: one try, as asked. */
  DriverSettings oneTry(Duration timeout) {
    DriverSettings polling = config.polling().driver();
    return new DriverSettings(timeout, 0, polling.retryBackoff(), polling.maxGap());
  }

  boolean isPolled() {
    Transport t = device.instance().transport();
    return t instanceof Transport.ModbusTcp
        || t instanceof Transport.ModbusRtu
        || t instanceof Transport.OpcUa;
  }

  /** The gateway's broker for MQTT devices that name none, or null. */
  String gatewayBroker() {
    return config.mqtt().uri();
  }

  /** Where the device is reached, e.g. "modbus-tcp 192.0.2.10:502 unit 1". */
  String bus() {
    Transport t = device.instance().transport();
    if (t instanceof Transport.ModbusTcp m) {
      return "modbus-tcp " + m.host() + ":" + m.port() + " unit " + m.unitId();
    }
    if (t instanceof Transport.ModbusRtu r) {
      return "modbus-rtu " + r.port() + " unit " + r.unitId() + " (" + r.serial() + ")";
    }
    if (t instanceof Transport.SerialLine s) {
      return "serial " + s.port() + " (" + s.serial() + ")";
    }
    if (t instanceof Transport.Mqtt q) {
      return "mqtt " + (q.broker() != null ? q.broker() : gatewayBroker());
    }
    if (t instanceof Transport.OpcUa o) {
      return "opcua " + o.endpoint();
    }
    Transport.Coap c = (Transport.Coap) t;
    return "coap " + c.host() + ":" + c.port();
  }
}
