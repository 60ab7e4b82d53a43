package org.citysense.sim.coap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.citysense.sim.SimTransport;
import org.citysense.sim.device.SimDevice;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the CoAP resources of simulated devices on one UDP port, as their profiles describe them.
 * Observable resources notify their observers whenever the device's snapshot changes; {@code
 * /.well-known/core} lists every resource with its {@code ct}, {@code obs}, {@code rt} (profile)
 * and {@code title} (device id). A device with a {@code no-response} fault does not answer at all
 * (see {@link SilentDevices}); with {@code garbage} it serves absurd numbers.
 */
public final class CoapDeviceServer implements SimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(CoapDeviceServer.class);

  private final String host;
  private final int port;
  private final List<SimDevice> devices;
  private volatile boolean closed;
  private CoapServer server;
  private List<DeviceResource> resources = List.of();

  /**
   * @param host the address to bind, e.g. 127.0.0.1
   * @param port the UDP port; 0 for any free one ({@link #port()} tells which)
   * @param devices devices with CoAP profiles; no two may serve the same path
   */
  public CoapDeviceServer(String host, int port, List<SimDevice> devices) {
    this.host = host;
    this.port = port;
    this.devices = List.copyOf(devices);
  }

  @Override
  public void start() throws IOException {
    Map<String, DeviceResource> byPath = resourcesByPath();
    resources = List.copyOf(byPath.values());
    Configuration config = configuration();
    server = new CoapServer(config);
    CoapEndpoint endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress(host, port))
            .build();
    Map<String, SimDevice> owners = new LinkedHashMap<>();
    byPath.forEach((path, resource) -> owners.put(path, resource.device()));
    endpoint.addInterceptor(new SilentDevices(owners));
    server.addEndpoint(endpoint);
    resources.stream()
        .sorted(Comparator.comparingInt(r -> r.path().split("/").length))
        .forEach(this::mount);
    for (DeviceResource resource : resources) {
      resource.device().onChange(snapshot -> notifyObservers(resource));
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      close();
      throw new IOException("cannot serve CoAP on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    LOG.info("serving CoAP [address: {}:{}, resources: {}]", host, port(), paths());
  }

  /** The UDP port served, which differs from the one given when that was 0. */
  public int port() {
    return server == null ? port : server.getEndpoints().get(0).getAddress().getPort();
  }

  @Override
  public String describe() {
    return "coap " + host + ":" + port() + " resources " + paths();
  }

  /** Stops and destroys the server: its endpoint, sockets and threads. */
  @Override
  public void close() {
    closed = true;
    if (server != null) {
      server.destroy();
    }
  }

  private Map<String, DeviceResource> resourcesByPath() {
    Map<String, DeviceResource> byPath = new LinkedHashMap<>();
    for (SimDevice device : devices) {
      for (DeviceResource resource : DeviceResource.of(device)) {
        DeviceResource other = byPath.putIfAbsent(resource.path(), resource);
        if (other != null) {
          throw new IllegalArgumentException(
              "devices "
                  + other.device().id()
                  + " and "
                  + device.id()
                  + " both serve /"
                  + resource.path()
                  + " on "
                  + host
                  + ":"
                  + port
                  + "; give them different ports");
        }
      }
    }
    return byPath;
  }

  /** Adds a resource under its parents, creating plain parents for paths like /a/b. */
  private void mount(DeviceResource resource) {
    String[] segments = resource.path().split("/");
    Resource parent = server.getRoot();
    for (int i = 0; i < segments.length - 1; i++) {
      Resource child = parent.getChild(segments[i]);
      if (child == null) {
        child = new CoapResource(segments[i]);
        parent.add(child);
      }
      parent = child;
    }
    parent.add(resource);
  }

  private void notifyObservers(DeviceResource resource) {
    // a silent device sends no notifications either; the change after the fault ends does
    if (!closed && !SilentDevices.silent(resource.device())) {
      resource.changed();
    }
  }

  private String paths() {
    return resources.stream()
        .map(r -> "/" + r.path() + " (" + r.device().id() + ")")
        .collect(Collectors.joining(", "));
  }

  /** Settings in code, so Californium writes no Californium3.properties into the working dir. */
  private static Configuration configuration() {
    CoapConfig.register();
    UdpConfig.register();
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    return config;
  }
}
