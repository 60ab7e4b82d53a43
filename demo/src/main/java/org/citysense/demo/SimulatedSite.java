package org.citysense.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.SimTransport;
import org.citysense.sim.Simulation;
import org.citysense.sim.TransportPlan;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;

/**
 * firmware-sim in this JVM, playing the site on the shared clock from scenario time 0 at {@code
 * start}: Modbus TCP and CoAP servers first (the agent polls them), MQTT devices once the agent's
 * broker is up.
 */
final class SimulatedSite implements AutoCloseable {
  private final List<SimDevice> devices;
  private final Clock clock;
  private Simulation served;
  private Simulation pushing;

  SimulatedSite(CommunitySite site, Clock clock, Instant start) {
    this.clock = clock;
    DeviceFactory factory =
        new DeviceFactory(
            ProfileCatalog.bundled(), clock, site.site().seed(), site.site().zone(), start);
    this.devices =
        site.devices().stream()
            .map(d -> factory.create(d, site.site().scenarios().get(d.id())))
            .toList();
  }

  /** The Modbus TCP and CoAP devices, on their ports. */
  void startServed() throws Exception {
    served = start(devices.stream().filter(d -> !isMqtt(d)).toList(), null);
  }

  /** The MQTT devices, publishing to {@code broker}. */
  void startPushing(String broker) throws Exception {
    pushing = start(devices.stream().filter(SimulatedSite::isMqtt).toList(), broker);
  }

  private Simulation start(List<SimDevice> list, String broker) throws Exception {
    List<SimTransport> transports = new TransportPlan(broker, clock).build(list);
    Simulation simulation = new Simulation(clock, list, Duration.ofMillis(200));
    try {
      simulation.start(transports);
    } catch (java.net.BindException e) {
      throw new DemoException(
          "a simulator port is in use: "
              + String.join("; ", transports.stream().map(SimTransport::describe).toList()));
    }
    return simulation;
  }

  private static boolean isMqtt(SimDevice d) {
    return d.instance().transport() instanceof Transport.Mqtt;
  }

  Optional<SimDevice> device(String id) {
    return devices.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  @Override
  public void close() {
    if (pushing != null) {
      pushing.close();
    }
    if (served != null) {
      served.close();
    }
  }
}
