package org.citysense.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.sim.device.SimDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulation: devices moved to the clock's present every tick, and the transports that
 * serve them. Closing it stops the ticker and every transport.
 */
public final class Simulation implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  private final Clock clock;
  private final Map<String, SimDevice> devices = new LinkedHashMap<>();
  private final List<SimTransport> transports = new ArrayList<>();
  private final Duration tick;
  private ScheduledExecutorService ticker;

  /**
   * @param tick how often, in real time, devices are moved to the present
   */
  public Simulation(Clock clock, List<SimDevice> devices, Duration tick) {
    this.clock = clock;
    this.tick = tick;
    devices.forEach(d -> this.devices.put(d.id(), d));
  }

  public Clock clock() {
    return clock;
  }

  public List<SimDevice> devices() {
    return List.copyOf(devices.values());
  }

  public Optional<SimDevice> device(String id) {
    return Optional.ofNullable(devices.get(id));
  }

  public List<SimTransport> transports() {
    return List.copyOf(transports);
  }

  /** Starts the ticker, then each transport; if one fails, what started is closed again. */
  public void start(List<SimTransport> toStart) throws Exception {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sim-ticker");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::refreshAll, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    for (SimTransport transport : toStart) {
      try {
        transport.start();
        transports.add(transport);
      } catch (Exception e) {
        transport.close();
        close();
        throw e;
      }
    }
  }

  private void refreshAll() {
    for (SimDevice device : devices.values()) {
      try {
        device.refresh();
      } catch (RuntimeException e) {
        LOG.warn("cannot update device [device: {}]: {}", device.id(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    for (SimTransport transport : transports) {
      try {
        transport.close();
      } catch (RuntimeException e) {
        LOG.warn("cannot close {}: {}", transport.describe(), e.toString());
      }
    }
    transports.clear();
  }
}
