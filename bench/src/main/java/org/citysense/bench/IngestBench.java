package org.citysense.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * Readings per second through {@code POST /api/v1/ingest}: CONNECTIONS clients, each sending gzip
 * batches of BATCH readings back to back for SECONDS, all as one gateway whose DEVICES were
 * registered by bench/run-ingest.sh. Every reading has a new seq, so everything is stored.
 *
 * <p>VALUES: {@code spread} (the default) gives device i the PM2.5 value 20 + i mod 50, so
 * neighbouring stations differ a lot; {@code city} gives every device 32–38, one city-wide level
 * whose small differences never make a station 30 % above its neighbours (bench/run-rules.sh, so
 * that rules ON measures evaluation rather than a flood of raised events).
 *
 * <p>LIMIT: stop once this many readings were sent (0, the default: only the SECONDS bound), for a
 * backlog of an exact size (bench/run-recovery.sh).
 *
 * <p>usage: IngestBench URL GATEWAY_ID TOKEN DEVICE_PREFIX DEVICES CONNECTIONS BATCH SECONDS
 * [VALUES [LIMIT]]
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String gateway = args[1];
    String token = args[2];
    String prefix = args[3];
    int devices = Integer.parseInt(args[4]);
    int connections = Integer.parseInt(args[5]);
    int batchSize = Integer.parseInt(args[6]);
    int seconds = Integer.parseInt(args[7]);
    boolean city = args.length > 8 && args[8].equals("city");
    long limit = args.length > 9 ? Long.parseLong(args[9]) : 0;
    AtomicLong issued = new AtomicLong();
    WireCodec codec = new WireCodec();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    AtomicLong stored = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> clients = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      clients.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  if (limit > 0 && issued.addAndGet(batchSize) > limit) {
                    return null;
                  }
                  long now = System.currentTimeMillis();
                  List<WireReading> readings = new ArrayList<>(batchSize);
                  for (int i = 0; i < batchSize; i++) {
                    long s = seq.incrementAndGet();
                    readings.add(
                        new WireReading(
                            s,
                            prefix + (s % devices),
                            "pm2_5",
                            Quantity.PM2_5,
                            Value.of(city ? 32 + (s * 31) % 7 : 20 + s % 50),
                            "µg/m³",
                            now - 1000,
                            Quality.GOOD));
                  }
                  Batch batch =
                      new Batch(
                          1,
                          gateway,
                          "bench-" + seq.get(),
                          now,
                          new GatewayClock(true, "ntp", 1),
                          readings,
                          List.of(),
                          List.of(),
                          Counters.ZERO);
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(url + "/api/v1/ingest"))
                          .header("Authorization", "Bearer " + token)
                          .header("Content-Type", "application/json")
                          .header("Content-Encoding", "gzip")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encodeGzip(batch)))
                          .build();
                  try {
                    HttpResponse<String> r =
                        http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                      stored.addAndGet(batchSize);
                      batches.incrementAndGet();
                    } else {
                      failures.incrementAndGet();
                    }
                  } catch (Exception e) {
                    failures.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : clients) {
      f.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "connections=%d batch=%d seconds=%.1f batches=%d readings=%d failed_batches=%d per_second=%.0f%n",
        connections,
        batchSize,
        elapsed,
        batches.get(),
        stored.get(),
        failures.get(),
        stored.get() / elapsed);
  }
}
