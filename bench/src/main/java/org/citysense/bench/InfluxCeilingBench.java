package org.citysense.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for the ingest into InfluxDB: the same points as cloud-ingest's schema
 * (docs/storage.md) written as raw line protocol straight to InfluxDB's /write, in batches, by
 * CONNECTIONS writers for SECONDS, with nothing in the way.
 *
 * <p>usage: InfluxCeilingBench URL DATABASE DEVICES CONNECTIONS BATCH SECONDS
 */
public final class InfluxCeilingBench {
  private InfluxCeilingBench() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String database = args[1];
    int devices = Integer.parseInt(args[2]);
    int connections = Integer.parseInt(args[3]);
    int batchSize = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI write = URI.create(url + "/write?db=" + database + "&precision=ns");
    AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
    AtomicLong written = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> writers = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      writers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  long now = System.currentTimeMillis() - 1000;
                  StringBuilder lines = new StringBuilder(batchSize * 160);
                  for (int i = 0; i < batchSize; i++) {
                    long s = seq.incrementAndGet();
                    lines
                        .append("reading,device=ceiling-")
                        .append(s % devices)
                        .append(",gateway=gw-ceiling,point=pm2_5,quality=good,quantity=pm2_5 seq=")
                        .append(s)
                        .append("i,unit=\"µg/m³\",value=")
                        .append(20 + s % 50)
                        .append(' ')
                        .append(now * 1_000_000 + s % 1_000_000)
                        .append('\n');
                  }
                  HttpRequest request =
                      HttpRequest.newBuilder(write)
                          .POST(HttpRequest.BodyPublishers.ofString(lines.toString()))
                          .build();
                  HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() == 204) {
                    written.addAndGet(batchSize);
                  } else {
                    failures.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : writers) {
      f.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "connections=%d batch=%d seconds=%.1f points=%d failed_batches=%d per_second=%.0f%n",
        connections, batchSize, elapsed, written.get(), failures.get(), written.get() / elapsed);
  }
}
