package org.citysense.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.citysense.agent.buffer.BufferSettings;
import org.citysense.agent.buffer.BufferStats;
import org.citysense.agent.buffer.DurableBuffer;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.uplink.Forwarder;
import org.citysense.agent.uplink.ForwarderStats;
import org.citysense.agent.uplink.UplinkSettings;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireReading;

/**
 * Backlog drain of the edge buffer: fills a {@link DurableBuffer} (default settings) in DIR with
 * READINGS normal-lane readings of DEVICES devices, timestamps spread over the hour before the
 * start (one hour of a busy gateway), then lets a {@link Forwarder} with the HTTP uplink send them
 * to cloud-ingest in batches of BATCH until the buffer is empty, polling its stats every 100 ms.
 * Reading {@code i} has seq {@code i + 1} and belongs to device {@code PREFIX + (i % DEVICES)}.
 * Writes its PID to DIR/drain-started when the drain begins (bench/run-buffer.sh samples top then).
 *
 * <p>usage: BufferDrainBench URL GATEWAY_ID TOKEN DEVICE_PREFIX DEVICES READINGS BATCH DIR
 */
public final class BufferDrainBench {
  private BufferDrainBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String gateway = args[1];
    String token = args[2];
    String prefix = args[3];
    int devices = Integer.parseInt(args[4]);
    long readings = Long.parseLong(args[5]);
    int batchSize = Integer.parseInt(args[6]);
    Path dir = Path.of(args[7]);
    Path bufferDir = dir.resolve("buffer");

    // 1. fill: append everything, then one sync (the group commit would do it within 100 ms)
    long hourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
    DurableBuffer buffer = new DurableBuffer(bufferDir, BufferSettings.DEFAULT, null);
    long fillStart = System.nanoTime();
    for (long i = 0; i < readings; i++) {
      long ts = hourAgo + i * 3_600_000L / readings;
      buffer.append(
          new Item.Reading(
              new WireReading(
                  i + 1,
                  prefix + (i % devices),
                  "pm2_5",
                  Quantity.PM2_5,
                  Value.of(20 + i % 50),
                  "µg/m³",
                  ts,
                  Quality.GOOD),
              false));
    }
    buffer.sync();
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    BufferStats filled = buffer.stats();
    long onDisk = bytesUnder(bufferDir);
    System.out.printf(
        "fill readings=%d seconds=%.1f per_second=%.0f buffer_bytes=%d bytes_on_disk=%d"
            + " bytes_per_reading=%.1f depth=%d evicted=%d%n",
        readings,
        fillSeconds,
        readings / fillSeconds,
        filled.bytes(),
        onDisk,
        (double) onDisk / readings,
        filled.depth(),
        filled.evicted());

    // 2. drain
    UplinkSettings settings =
        UplinkSettings.http(URI.create(url), token).withBatching(batchSize, Duration.ofSeconds(1));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Forwarder forwarder =
        new Forwarder(
            gateway,
            buffer,
            settings.open(gateway),
            settings,
            () -> new GatewayClock(true, "ntp", 1),
            Clock.systemUTC(),
            null,
            null);
    long cpuStart = os.getProcessCpuTime();
    long drainStart = System.nanoTime();
    forwarder.start();
    Files.writeString(dir.resolve("drain-started"), Long.toString(ProcessHandle.current().pid()));
    long lastDepth = filled.depth();
    long lastChange = System.nanoTime();
    long lastReport = System.nanoTime();
    BufferStats now = buffer.stats();
    while (now.depth() > 0) {
      Thread.sleep(100);
      now = buffer.stats();
      long t = System.nanoTime();
      if (now.depth() != lastDepth) {
        lastDepth = now.depth();
        lastChange = t;
      } else if (t - lastChange > Duration.ofSeconds(60).toNanos()) {
        System.err.println("no progress for 60 s: " + now + " " + forwarder.stats());
        System.exit(1);
      }
      if (t - lastReport > Duration.ofSeconds(10).toNanos()) {
        lastReport = t;
        System.err.printf(
            "  %.0f s: depth %d, sent %d%n",
            (t - drainStart) / 1e9, now.depth(), forwarder.stats().readingsSent());
      }
    }
    double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    ForwarderStats f = forwarder.stats();
    forwarder.close();
    buffer.close();
    System.out.printf(
        "drain batch=%d readings=%d seconds=%.1f per_second=%.0f batches_sent=%d readings_sent=%d"
            + " rejected=%d evicted=%d failures_at_end=%d last_error=%s agent_cpu_seconds=%.1f"
            + " bytes_left=%d%n",
        batchSize,
        readings,
        drainSeconds,
        readings / drainSeconds,
        f.batchesSent(),
        f.readingsSent(),
        now.rejected(),
        now.evicted(),
        f.consecutiveFailures(),
        f.lastError(),
        cpuSeconds,
        bytesUnder(bufferDir));
  }

  private static long bytesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
