package org.citysense.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.sink.BufferSink;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * The agent's priority lane on a quiet gateway: one alarm-class reading into the agent's own {@link
 * BufferSink} (durable buffer with default settings, group commit every 100 ms; forwarder; HTTP
 * uplink) with nothing else in it; time from the reading to the local cloud's receipt of the batch
 * holding it. The cloud answers at once, so this is the agent's own wait. The alarm-latency
 * benchmark cannot show it: there 246 alarm-class readings a second keep waking the forwarder.
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
    WireCodec codec = new WireCodec();
    Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    HttpServer cloud = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloud.createContext(
        "/",
        exchange -> {
          long now = System.nanoTime();
          try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if ("gzip"
                .equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
              body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            Batch batch = codec.decode(body);
            batch.readings().forEach(r -> sentAt.putIfAbsent(r.seq(), now));
            byte[] answer =
                ("{\"stored\":" + batch.readings().size() + ",\"duplicates\":0,\"rejected\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          } finally {
            exchange.close();
          }
        });
    cloud.start();
    Files.writeString(dir.resolve("token"), "bench-token");
    String yaml =
        "gateway: {id: gw-nudge}\n"
            + "cloud: {url: 'http://127.0.0.1:"
            + cloud.getAddress().getPort()
            + "', tokenFile: token, linger: "
            + linger.toMillis()
            + "ms}\n"
            + "devices: []\n";
    AgentConfig config = new AgentConfigLoader().parse("agent.yaml", yaml, dir).config();
    List<Double> waits = new ArrayList<>();
    Random random = new Random(7);
    BufferSink sink =
        BufferSink.open(
            config, "bench-token", new GatewayClock(true, "ntp", 1), Clock.systemUTC(), 1);
    try {
      for (long seq = 1; seq <= n; seq++) {
        Thread.sleep(1000 + random.nextInt(1000)); // an idle forwarder, at a random phase
        long appended = System.nanoTime();
        sink.reading(
            new WireReading(
                seq,
                "gas-1",
                "gas",
                Quantity.GAS,
                Value.of(30.0),
                "%LEL",
                System.currentTimeMillis(),
                Quality.GOOD),
            true);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sentAt.containsKey(seq) && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        Long sent = sentAt.get(seq);
        waits.add(sent == null ? Double.NaN : (sent - appended) / 1e6);
      }
    } finally {
      sink.close();
      cloud.stop(0);
    }
    System.out.println(
        "nudge linger_ms=" + linger.toMillis() + " " + LatencyStats.of(waits).describe(""));
  }
}
