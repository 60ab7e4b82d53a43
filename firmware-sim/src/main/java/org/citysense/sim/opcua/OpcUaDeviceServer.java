package org.citysense.sim.opcua;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.citysense.sim.SimTransport;
import org.citysense.sim.device.SimDevice;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.DefaultServerCertificateValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves simulated OPC UA devices from one endpoint with Eclipse Milo: security None, anonymous
 * users, no certificate. Namespace 2 ({@value DeviceNamespace#URI}) holds a folder per device under
 * Objects and a variable per point at the node id its profile names, of the point's data type;
 * writable points take writes, the others are read-only. Faults: see {@link Faults}.
 *
 * <p>The endpoint advertises the bind host itself, so a client that connects to 127.0.0.1 is not
 * sent on to {@code localhost} or the machine's name; a wildcard bind advertises every name and
 * address of the machine.
 *
 * <p>Threads: each server has its own worker pool and timer (daemon, named {@code opcua-sim-*}),
 * ended by {@link #close()}. Milo's listening and connection sockets run on its JVM-wide event loop
 * ({@code milo-netty-event-loop-*}) and its secure-channel timer ({@code milo-netty-wheel-timer});
 * both are daemon threads, idle once the servers are closed, and are left running because other
 * Milo servers or clients in the same JVM may still use them.
 */
public final class OpcUaDeviceServer implements SimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(OpcUaDeviceServer.class);
  private static final long STOP_SECONDS = 5;

  private final String host;
  private final int requestedPort;
  private final String path;
  private final List<SimDevice> devices;
  private final List<PointNode> nodes;
  private volatile int port;
  private ExecutorService workers;
  private ScheduledExecutorService timer;
  private Path pki;
  private DefaultTrustListManager trustList;
  private OpcUaServer server;
  private DeviceNamespace namespace;
  private boolean bound;
  private boolean closed;

  /**
   * @param host the address to bind and to advertise, e.g. 127.0.0.1
   * @param port the TCP port; 0 for any free one ({@link #port()} tells which)
   * @param path the endpoint's path, "" or e.g. "/pumps"
   * @param devices devices with OPC UA profiles; no two may hold the same node id
   */
  public OpcUaDeviceServer(String host, int port, String path, List<SimDevice> devices) {
    if (path == null || !(path.isEmpty() || path.startsWith("/"))) {
      throw new IllegalArgumentException("an OPC UA path is \"\" or starts with /, not " + path);
    }
    this.host = host;
    this.requestedPort = port;
    this.port = port;
    this.path = path;
    this.devices = List.copyOf(devices);
    this.nodes = PointNode.of(this.devices, "opc.tcp://" + host + ":" + port + path);
  }

  @Override
  public synchronized void start() throws Exception {
    workers = Executors.newCachedThreadPool(daemon("opcua-sim-worker-"));
    timer = Executors.newScheduledThreadPool(1, daemon("opcua-sim-timer-"));
    pki = Files.createTempDirectory("citysense-opcua-pki");
    trustList = new DefaultTrustListManager(pki.toFile());
    try {
      // a free port is chosen first because Milo cannot tell which port it bound: the endpoint
      // it advertises must name the real one; another process may take it meanwhile, so retry
      for (int attempt = 1; ; attempt++) {
        try {
          serve(freeOrGivenPort());
          break;
        } catch (BindException e) {
          stopServer();
          if (requestedPort != 0 || attempt == 3) {
            throw e;
          }
        }
      }
    } catch (Exception e) {
      close();
      throw e;
    }
    LOG.info(
        "serving OPC UA [endpoint: {}, devices: {}, nodes: {}]",
        endpoint(),
        deviceIds(),
        nodes.size());
  }

  private void serve(int candidate) throws Exception {
    server = new OpcUaServer(config(candidate));
    namespace = new DeviceNamespace(server, devices, nodes, timer);
    namespace.startup();
    server.startup().get(STOP_SECONDS, TimeUnit.SECONDS);
    // Milo logs a failed bind and carries on; an endpoint that is not bound is that failure
    if (server.getStackServer().getBoundEndpoints().isEmpty()) {
      throw new BindException(
          "cannot serve OPC UA on " + host + ":" + candidate + ": the address is in use");
    }
    port = candidate;
    bound = true;
  }

  private int freeOrGivenPort() throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, requestedPort));
      return probe.getLocalPort();
    } catch (BindException e) {
      throw new BindException(
          "cannot serve OPC UA on " + host + ":" + requestedPort + ": " + e.getMessage());
    }
  }

  private OpcUaServerConfig config(int bindPort) {
    Set<EndpointConfiguration> endpoints = new LinkedHashSet<>();
    for (String advertised : advertisedHosts()) {
      endpoints.add(
          EndpointConfiguration.newBuilder()
              .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
              .setBindAddress(host)
              .setBindPort(bindPort)
              .setHostname(advertised)
              .setPath(path)
              .setSecurityPolicy(SecurityPolicy.None)
              .setSecurityMode(MessageSecurityMode.None)
              .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
              .build());
    }
    String product = "urn:citysense:firmware-sim";
    return OpcUaServerConfig.builder()
        .setApplicationUri(product + ":" + host + ":" + bindPort + path)
        .setApplicationName(LocalizedText.english("CitySense firmware-sim"))
        .setProductUri(product)
        .setBuildInfo(
            new BuildInfo(product, "CitySense", "firmware-sim", version(), "", DateTime.now()))
        .setEndpoints(endpoints)
        .setCertificateManager(new DefaultCertificateManager())
        .setTrustListManager(trustList)
        .setCertificateValidator(new DefaultServerCertificateValidator(trustList))
        .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
        .setExecutor(workers)
        .setScheduledExecutorService(timer)
        .build();
  }

  private Set<String> advertisedHosts() {
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    return wildcard ? HostnameUtil.getHostnames(host) : Set.of(host);
  }

  /** The TCP port served, which differs from the one given when that was 0. */
  public int port() {
    return port;
  }

  /** The endpoint URL clients connect to, e.g. {@code opc.tcp://127.0.0.1:4840/pumps}. */
  public String endpoint() {
    return "opc.tcp://" + host + ":" + port + path;
  }

  @Override
  public String describe() {
    return "opcua " + endpoint() + " devices " + deviceIds() + " (" + nodes.size() + " nodes)";
  }

  /**
   * Stops the server: its listening socket and open connections, its worker and timer threads, its
   * trust-list watcher and folder. Returns once the port can be bound again.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopServer();
    for (ExecutorService executor : Stream.of(timer, workers).filter(e -> e != null).toList()) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(STOP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeTrustList();
    awaitPortReleased();
  }

  private void stopServer() {
    if (namespace != null) {
      namespace.shutdown();
      namespace = null;
    }
    if (server != null) {
      try {
        server.shutdown().get(STOP_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("cannot stop the OPC UA server [endpoint: {}]: {}", endpoint(), e.toString());
      }
      server = null;
    }
  }

  private void closeTrustList() {
    try {
      if (trustList != null) {
        trustList.close();
      }
      if (pki != null) {
        try (Stream<Path> files = Files.walk(pki)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot remove the OPC UA trust list [folder: {}]: {}", pki, e.toString());
    }
  }

  /** Milo closes its listening channel without waiting for it; wait here, briefly. */
  private void awaitPortReleased() {
    if (!bound) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_SECONDS);
    while (System.nanoTime() < deadline) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(host, port));
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    LOG.warn("the OPC UA port is still bound after close [address: {}:{}]", host, port);
  }

  private String deviceIds() {
    return devices.stream().map(SimDevice::id).collect(Collectors.joining(", "));
  }

  private static String version() {
    String v = OpcUaDeviceServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
