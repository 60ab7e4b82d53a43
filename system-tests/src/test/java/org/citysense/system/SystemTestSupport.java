package org.citysense.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.testsupport.HttpRequests;
import org.citysense.testsupport.TcpRelay;

/** What the system tests share: the community's name, the tapped batches, the stored seqs. */
final class SystemTestSupport {
  static final String COMMUNITY = "c-system";

  private SystemTestSupport() {}

  /**
   * A batch the agent sent through the relay.
   *
   * @param arrival the relay's arrival number of the request's first bytes: the order of requests
   */
  record Sent(long arrival, int connection, Batch batch) {}

  /** Every ingest request the relay forwarded, decoded, in the order they arrived. */
  static List<Sent> sent(TcpRelay relay) {
    WireCodec codec = new WireCodec();
    List<Sent> sent = new ArrayList<>();
    for (TcpRelay.Connection c : relay.connections()) {
      byte[] bytes = c.clientBytes();
      for (HttpRequests.Request r : HttpRequests.parse(bytes)) {
        if (!r.path().startsWith("/api/v1/ingest")) {
          continue;
        }
        boolean gzip = "gzip".equalsIgnoreCase(String.valueOf(r.header("Content-Encoding")));
        Batch batch = asSent(codec, gzip ? gunzip(r.body()) : r.body());
        sent.add(new Sent(c.arrivalOf(r.offset()), c.index(), batch));
      }
    }
    sent.sort(Comparator.comparingLong(Sent::arrival));
    return sent;
  }

  /** A batch as the gateway sent it, valid or not (the cloud may have refused it). */
  private static Batch asSent(WireCodec codec, byte[] json) {
    try {
      return codec.mapper().readValue(json, Batch.class);
    } catch (IOException e) {
      throw new AssertionError("a request the test cannot read as a batch", e);
    }
  }

  private static byte[] gunzip(byte[] body) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError("a gzip body the test cannot read", e);
    }
  }

  /** How often each seq of the gateway is stored, over all its devices' readings in [from, to). */
  static Map<Long, Integer> storedSeqs(
      Cloud cloud, String gatewayId, List<SimSite.Device> devices, Instant from, Instant to)
      throws IOException, InterruptedException {
    Map<Long, Integer> counts = new HashMap<>();
    for (SimSite.Device d : devices) {
      for (JsonNode r : cloud.readings(d.id(), from, to)) {
        if (gatewayId.equals(r.get("gatewayId").asText())) {
          counts.merge(r.get("seq").asLong(), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /** The seqs of status changes and edge events the agent sent through the relay. */
  static Set<Long> nonReadings(TcpRelay relay) {
    Set<Long> seqs = new HashSet<>();
    for (Sent s : sent(relay)) {
      s.batch().statusChanges().stream().map(StatusChange::seq).forEach(seqs::add);
      s.batch().edgeEvents().stream().map(EdgeEvent::seq).forEach(seqs::add);
    }
    return seqs;
  }

  /** A pause inside a polled condition, so the cloud is not asked 50 times a second. */
  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The agent's {@code /status} on this machine, or a missing node while it does not answer. */
  static JsonNode agentStatus(int port) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      return MissingNode.getInstance();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return MissingNode.getInstance();
    }
  }

  /** A TCP port free on 127.0.0.1 now, for a process started next. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
