package org.citysense.agent.coap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.driver.PushListener;
import org.citysense.profiles.clock.ClockSettings;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CoAP devices: observes the resources their profiles mark observable and polls the others at
 * their point interval, on the agent's clock. JSON representations become {@code RawValue.Json},
 * {@code text/plain} ones {@code RawValue.Text}. No answer is a {@code TIMEOUT} failure, a CoAP
 * error an {@code EXCEPTION} with the code as {@link CoapAnswers} explains (4.04 → 404); each kind
 * of problem is logged once per resource until it clears.
 *
 * <p>One UDP endpoint serves every device, and one daemon thread runs Californium's protocol stage,
 * the callbacks and the timers, so a gateway with many meters has few threads. A request is
 * retransmitted {@code settings.retries()} times, the first time after {@code settings.timeout()}.
 */
public final class CoapDriver implements PushDriver {
  private static final Logger LOG = LoggerFactory.getLogger(CoapDriver.class);

  /** However fast the clock runs, a resource is not polled more often than this. */
  static final Duration MIN_POLL_PERIOD = Duration.ofMillis(100);

  private static final long STOP_TIMEOUT_MS = 5_000;

  private final List<CoapResourceLink> links;
  private final Clock clock;
  private final DriverSettings settings;
  private final ProblemLog problems = new ProblemLog(LOG);
  private final List<ResourceWatcher> watchers = new ArrayList<>();
  private final List<CoapClient> clients = new ArrayList<>();
  private ScheduledThreadPoolExecutor executor;
  private CoapEndpoint endpoint;
  private volatile boolean closed;

  /**
   * @param devices devices reached over CoAP, with CoAP profiles
   * @param clock the agent's clock, which turns point intervals into real poll periods
   * @throws IllegalArgumentException when a device is not on CoAP
   */
  public CoapDriver(List<BoundDevice> devices, Clock clock, DriverSettings settings) {
    this.links = devices.stream().flatMap(d -> CoapResourceLink.of(d).stream()).toList();
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Opens the UDP endpoint and starts observing and polling; devices that do not answer are retried
   * in the background.
   *
   * @throws IOException when no local UDP port can be opened
   */
  @Override
  public synchronized void start(PushListener listener) throws IOException {
    if (executor != null || closed) {
      throw new IllegalStateException("CoAP driver already started");
    }
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "coap-driver");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    Configuration config = configuration(settings);
    endpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(config)
            .setInetSocketAddress(new InetSocketAddress(0))
            .build();
    endpoint.setExecutors(executor, executor);
    try {
      endpoint.start();
    } catch (IOException e) {
      close();
      throw new IOException("cannot open a UDP port for CoAP: " + e.getMessage(), e);
    }
    for (CoapResourceLink link : links) {
      CoapClient client = new CoapClient(link.uri());
      client.setEndpoint(endpoint);
      client.setExecutors(executor, executor, true);
      clients.add(client);
      ResourceWatcher watcher =
          new ResourceWatcher(link, client, executor, pollPeriod(link), listener, problems);
      watchers.add(watcher);
      watcher.start();
    }
    LOG.info("reading CoAP devices [resources: {}]", describeResources());
  }

  private Duration pollPeriod(CoapResourceLink link) {
    Duration real = ClockSettings.realDelay(clock, link.interval());
    return real.compareTo(MIN_POLL_PERIOD) < 0 ? MIN_POLL_PERIOD : real;
  }

  @Override
  public String describe() {
    return "coap " + (closed ? "(closed)" : describeResources());
  }

  private synchronized String describeResources() {
    if (watchers.isEmpty()) {
      return links.size() + " resources";
    }
    return watchers.stream().map(ResourceWatcher::describe).collect(Collectors.joining("; "));
  }

  /** Stops observing and polling and releases the UDP port and the driver's thread. */
  @Override
  public synchronized void close() {
    closed = true;
    watchers.forEach(ResourceWatcher::close);
    clients.forEach(CoapClient::shutdown);
    if (endpoint != null) {
      endpoint.destroy();
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Settings in code: Californium writes no Californium3.properties into the working folder. */
  private static Configuration configuration(DriverSettings settings) {
    CoapConfig.register();
    UdpConfig.register();
    Configuration config = Configuration.createStandardWithoutFile();
    config.set(CoapConfig.ACK_TIMEOUT, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    config.set(CoapConfig.MAX_RETRANSMIT, settings.retries());
    config.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
    config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
    return config;
  }
}
