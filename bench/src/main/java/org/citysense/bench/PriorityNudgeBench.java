package org.citysense.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.citysense.agent.buffer.BufferSettings;
import org.citysense.agent.buffer.DurableBuffer;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.uplink.Forwarder;
import org.citysense.agent.uplink.Uplink;
import org.citysense.agent.uplink.UplinkReply;
import org.citysense.agent.uplink.UplinkSettings;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireReading;

/**
 * The agent's priority lane on a quiet gateway: one alarm-class reading appended to a {@link
 * DurableBuffer} (default settings, group commit every 100 ms), the forwarder nudged as {@code
 * BufferSink} does, nothing else in the buffer; time from the append to the uplink's send of the
 * batch holding it. The uplink answers at once, so this is the agent's own wait. The alarm-latency
 * benchmark cannot show it: there 246 alarm-class readings a second keep nudging the forwarder.
 *
 * <p>usage: PriorityNudgeBench DIR N LINGER_MS
 */
public final class PriorityNudgeBench {
  private PriorityNudgeBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Duration linger = Duration.ofMillis(Long.parseLong(args[2]));
    Files.createDirectories(dir);
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    Uplink uplink =
        new Uplink() {
          @Override
          public UplinkReply send(Batch batch) {
            long now = System.nanoTime();
            batch.readings().forEach(r -> sentAt.putIfAbsent(r.seq(), now));
            return new UplinkReply(batch.readings().size(), 0, List.of(), 0, false);
          }

          @Override
          public String describe() {
            return "in-memory";
          }

          @Override
          public void close() {}
        };
    UplinkSettings settings =
        UplinkSettings.http(java.net.URI.create("http://127.0.0.1:9"), "unused")
            .withBatching(500, linger);
    List<Double> waits = new ArrayList<>();
    Random random = new Random(7);
    try (DurableBuffer buffer =
            new DurableBuffer(dir.resolve("buffer"), BufferSettings.DEFAULT, null);
        Forwarder forwarder =
            new Forwarder(
                "gw-nudge",
                buffer,
                uplink,
                settings,
                () -> new GatewayClock(true, "ntp", 1),
                Clock.systemUTC())) {
      forwarder.start();
      for (long seq = 1; seq <= n; seq++) {
        Thread.sleep(1000 + random.nextInt(1000)); // an idle forwarder, at a random phase
        long appended = System.nanoTime();
        buffer.append(
            new Item.Reading(
                new WireReading(
                    seq,
                    "gas-1",
                    "gas",
                    Quantity.GAS,
                    Value.of(30.0),
                    "%LEL",
                    System.currentTimeMillis(),
                    Quality.GOOD),
                true));
        forwarder.nudge();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sentAt.containsKey(seq) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        Long sent = sentAt.get(seq);
        waits.add(sent == null ? Double.NaN : (sent - appended) / 1e6);
      }
    }
    System.out.println(
        "nudge linger_ms=" + linger.toMillis() + " " + LatencyStats.of(waits).describe(""));
  }
}
