package org.citysense.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP relay on 127.0.0.1 in front of several servers, as a load balancer in front of a
 * cluster's nodes: each request goes to the next server in turn; one that cannot be reached (or
 * drops the connection) is skipped and the request tried on the next, and 502 comes back when none
 * answers. The servers can change while it runs (a node restarted on another port). Counts the
 * requests each server answered.
 */
public final class HttpRelay implements AutoCloseable {
  /** Hop-by-hop headers and those the JDK's client sets itself: every other header is passed on. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "transfer-encoding",
          "upgrade",
          "date");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<URI> upstreams = new CopyOnWriteArrayList<>();
  private final AtomicLong turn = new AtomicLong();
  private final Map<URI, AtomicLong> answered = new ConcurrentHashMap<>();

  public HttpRelay() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::relay);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The servers to spread requests over, e.g. {@code http://127.0.0.1:8081}. */
  public void upstreams(List<URI> servers) {
    upstreams.clear();
    upstreams.addAll(servers);
  }

  /** Requests each server has answered so far, by server. */
  public Map<URI, Long> answered() {
    Map<URI, Long> counts = new HashMap<>();
    answered.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      List<URI> servers = List.copyOf(upstreams);
      long first = turn.getAndIncrement();
      for (int i = 0; i < servers.size(); i++) {
        URI target = servers.get((int) ((first + i) % servers.size()));
        HttpRequest.Builder request =
            HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange
            .getRequestHeaders()
            .forEach(
                (name, values) -> {
                  if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                  }
                });
        HttpResponse<byte[]> response;
        try {
          response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
          continue; // that node is down, or went down while it had the request: the next one
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        answered.computeIfAbsent(target, k -> new AtomicLong()).incrementAndGet();
        response
            .headers()
            .map()
            .forEach(
                (name, values) -> {
                  if (!name.startsWith(":")
                      && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                  }
                });
        exchange.sendResponseHeaders(
            response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
        return;
      }
      exchange.sendResponseHeaders(502, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
