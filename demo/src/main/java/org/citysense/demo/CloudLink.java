package org.citysense.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.testsupport.HttpRequests;
import org.citysense.testsupport.TcpRelay;

/**
 * The agent's link to the cloud: a small TCP relay the demo can cut. It keeps what went through
 * (the tap), so that after a cut the demo can tell status changes and edge events from readings
 * when it checks that every item the agent took during the cut reached the cloud once.
 */
final class CloudLink implements AutoCloseable {
  /**
   * What became of the items the agent took while the link was cut.
   *
   * @param taken items taken (synced to the agent's disk) during the cut
   * @param storedOnce of them, readings the cloud stored exactly once
   * @param storedTwice readings stored more than once (must be 0)
   * @param otherItems status changes and edge events (not readings) sent after the restore
   * @param missing neither stored nor sent (must be 0)
   */
  record Accounting(
      int taken, long storedOnce, long storedTwice, long otherItems, List<Long> missing) {}

  private final TcpRelay relay;

  CloudLink(int cloudPort) throws IOException {
    this.relay = new TcpRelay("127.0.0.1", cloudPort, true);
  }

  String url() {
    return "http://127.0.0.1:" + relay.port();
  }

  void cut() {
    relay.cut();
  }

  void restore() {
    relay.restore();
  }

  /**
   * Waits until every seq of {@code takenInCut} is stored or was sent as another item, or until
   * {@code timeout}; the accounting as it then stands.
   */
  Accounting account(
      Api api,
      String gatewayId,
      List<String> devices,
      Set<Long> takenInCut,
      Instant from,
      Instant to,
      Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<Long, Integer> stored = storedSeqs(api, gatewayId, devices, from, to, takenInCut);
      Set<Long> other = nonReadings();
      List<Long> missing =
          takenInCut.stream()
              .filter(s -> !stored.containsKey(s) && !other.contains(s))
              .sorted()
              .toList();
      long once = takenInCut.stream().filter(s -> stored.getOrDefault(s, 0) == 1).count();
      long twice = takenInCut.stream().filter(s -> stored.getOrDefault(s, 0) > 1).count();
      long others = takenInCut.stream().filter(other::contains).count();
      Accounting a = new Accounting(takenInCut.size(), once, twice, others, missing);
      if (missing.isEmpty() || System.nanoTime() > deadline) {
        return a;
      }
      Thread.sleep(2000);
    }
  }

  private static Map<Long, Integer> storedSeqs(
      Api api, String gatewayId, List<String> devices, Instant from, Instant to, Set<Long> wanted)
      throws IOException, InterruptedException {
    Map<Long, Integer> counts = new HashMap<>();
    int limit = 10_000; // the API's default maximum; a shorter page is the last
    for (String device : devices) {
      for (int offset = 0, page = limit; page == limit; offset += page) {
        JsonNode array =
            api.get(
                "/api/v1/readings?device="
                    + URLEncoder.encode(device, StandardCharsets.UTF_8)
                    + "&from="
                    + from
                    + "&to="
                    + to
                    + "&limit="
                    + limit
                    + "&offset="
                    + offset);
        for (JsonNode r : array) {
          long seq = r.path("seq").asLong();
          if (gatewayId.equals(r.path("gatewayId").asText()) && wanted.contains(seq)) {
            counts.merge(seq, 1, Integer::sum);
          }
        }
        page = array.size();
      }
    }
    return counts;
  }

  /** The seqs of status changes and edge events the agent sent through the relay. */
  private Set<Long> nonReadings() {
    WireCodec codec = new WireCodec();
    Set<Long> seqs = new HashSet<>();
    for (TcpRelay.Connection c : relay.connections()) {
      for (HttpRequests.Request r : HttpRequests.parse(c.clientBytes())) {
        if (!r.path().startsWith("/api/v1/ingest")) {
          continue;
        }
        boolean gzip = "gzip".equalsIgnoreCase(String.valueOf(r.header("Content-Encoding")));
        Batch batch = gzip ? codec.decodeGzip(r.body()) : codec.decode(r.body());
        batch.statusChanges().stream().map(StatusChange::seq).forEach(seqs::add);
        batch.edgeEvents().stream().map(EdgeEvent::seq).forEach(seqs::add);
      }
    }
    return seqs;
  }

  @Override
  public void close() {
    relay.close();
  }
}
