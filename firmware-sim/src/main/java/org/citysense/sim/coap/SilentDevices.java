package org.citysense.sim.coap;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;

/**
 * Drops requests for devices with a {@code no-response} fault before Californium sees them, so
 * there is no ACK, no RST and no response: the client retransmits and times out, as with a device
 * that is switched off. A request for no device's resource (e.g. {@code /.well-known/core}) is
 * dropped only when every device on the port is silent.
 */
final class SilentDevices extends MessageInterceptorAdapter {
  private final Map<String, SimDevice> byPath;
  private final Collection<SimDevice> all;

  /**
   * @param byPath the device owning each resource path (no leading slash)
   */
  SilentDevices(Map<String, SimDevice> byPath) {
    this.byPath = Map.copyOf(byPath);
    this.all = List.copyOf(new LinkedHashSet<>(byPath.values()));
  }

  @Override
  public void receiveRequest(Request request) {
    SimDevice owner = byPath.get(request.getOptions().getUriPathString());
    boolean drop =
        owner != null
            ? silent(owner)
            : !all.isEmpty() && all.stream().allMatch(SilentDevices::silent);
    if (drop) {
      request.setCanceled(true);
    }
  }

  static boolean silent(SimDevice device) {
    return device.snapshot().has(FaultType.NO_RESPONSE);
  }
}
