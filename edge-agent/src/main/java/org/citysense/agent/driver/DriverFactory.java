package org.citysense.agent.driver;

import java.time.Clock;
import java.util.List;
import org.citysense.profiles.device.Transport;

/**
 * Makes the driver for each bus and each group of push devices. The agent's assembly implements it
 * with the protocol packages; tests can give their own.
 */
public interface DriverFactory {

  /** The driver for the bus that {@code transport} (Modbus TCP or RTU, an OPC UA server) is on. */
  PollingDriver polling(Transport transport, DriverSettings settings);

  /**
   * Drivers for devices that send by themselves (MQTT, CoAP, serial-line sensors).
   *
   * @param gatewayBroker the broker for MQTT devices that name none, or null
   */
  List<PushDriver> push(
      List<BoundDevice> devices, String gatewayBroker, Clock clock, DriverSettings settings);
}
