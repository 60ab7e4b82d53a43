package org.citysense.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.Agent;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Readings per second the agent sustains against a simulator serving pm25-rs485 devices over Modbus
 * TCP (started by bench/run-modbus.sh): every point asked for every 10 ms (200 devices would ask
 * for 80,000 readings/s), so the buses are saturated and the figure is what the agent can do, not
 * what the intervals ask.
 *
 * <p>usage: AgentThroughputBench HOST FIRST_PORT PORTS UNITS_PER_PORT SECONDS
 */
public final class AgentThroughputBench {
  private AgentThroughputBench() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int firstPort = Integer.parseInt(args[1]);
    int ports = Integer.parseInt(args[2]);
    int units = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    List<DeviceInstance> devices = new ArrayList<>();
    Map<String, Duration> fast =
        Map.of(
            "humidity", Duration.ofMillis(10),
            "temperature", Duration.ofMillis(10),
            "pm2_5", Duration.ofMillis(10),
            "pm10", Duration.ofMillis(10));
    for (int p = 0; p < ports; p++) {
      for (int u = 1; u <= units; u++) {
        devices.add(
            new DeviceInstance(
                "pm-" + p + "-" + u,
                "pm25-rs485",
                new Transport.ModbusTcp(host, firstPort + p, u),
                null,
                null,
                null,
                null,
                Map.of(),
                fast));
      }
    }
    Path data = Files.createTempDirectory("bench-agent");
    AgentConfig config =
        new AgentConfig(
            "gw-bench",
            data,
            null,
            "127.0.0.1",
            -1,
            "stdout",
            AgentConfig.Mqtt.NONE,
            AgentConfig.Polling.DEFAULT,
            AgentConfig.Stuck.DEFAULT,
            null,
            AgentConfig.Buffer.DEFAULT,
            devices);
    CountingSink sink = new CountingSink();
    try (ProtocolDrivers drivers = new ProtocolDrivers();
        Agent agent =
            new Agent(config, ProfileCatalog.bundled(), Clock.systemUTC(), drivers, sink)) {
      agent.start();
      Thread.sleep(5000); // connect and warm up
      long good0 = sink.good.get();
      long all0 = sink.all.get();
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long good = sink.good.get() - good0;
      long all = sink.all.get() - all0;
      long rejected = agent.buses().values().stream().mapToLong(Bus::rejected).sum();
      System.out.printf(
          "devices=%d buses=%d seconds=%.1f readings=%d good=%d per_second=%.0f rejected_jobs=%d%n",
          devices.size(), ports, elapsed, all, good, all / elapsed, rejected);
    }
  }

  /** Counts what the agent emits. */
  private static final class CountingSink implements ReadingSink {
    final AtomicLong all = new AtomicLong();
    final AtomicLong good = new AtomicLong();

    @Override
    public void reading(WireReading reading, boolean alarm) {
      all.incrementAndGet();
      if (reading.quality() == Quality.GOOD) {
        good.incrementAndGet();
      }
    }

    @Override
    public void status(StatusChange change) {}

    @Override
    public void edge(EdgeEvent event) {}

    @Override
    public void close() {}
  }
}
