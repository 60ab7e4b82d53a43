package org.citysense.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP relay spreads requests over its servers, passes every end-to-end header both ways (a
 * gateway's gzip batch keeps its Content-Encoding), skips a server that is down, and answers 502
 * when none is up.
 */
class HttpRelayTest {
  private final List<HttpServer> servers = new ArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  /** A server that answers with its name, the request's Content-Encoding and its body's size. */
  private URI server(String name) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    s.createContext(
        "/",
        exchange -> {
          byte[] in;
          try (InputStream body = exchange.getRequestBody()) {
            in = body.readAllBytes();
          }
          String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
          byte[] out = (name + " " + encoding + " " + in.length).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Retry-After", "7");
          exchange.sendResponseHeaders(200, out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    s.start();
    servers.add(s);
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
  }

  private HttpResponse<String> post(HttpRelay relay) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(relay.baseUrl() + "/api/v1/ingest"))
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {31, -117, 8, 0}))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void spreadsRequestsAndPassesHeadersBothWays() throws Exception {
    try (HttpRelay relay = new HttpRelay()) {
      relay.upstreams(List.of(server("a"), server("b")));
      List<String> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> r = post(relay);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        answers.add(r.body());
      }
      assertThat(answers).containsOnly("a gzip 4", "b gzip 4");
      assertThat(relay.answered().values()).containsExactlyInAnyOrder(2L, 2L);
    }
  }

  @Test
  void skipsAServerThatIsDownAndSays502WhenNoneIsUp() throws Exception {
    URI down;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      down = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    try (HttpRelay relay = new HttpRelay()) {
      relay.upstreams(List.of(down, server("a")));
      for (int i = 0; i < 3; i++) {
        assertThat(post(relay).body()).isEqualTo("a gzip 4");
      }
      relay.upstreams(List.of(down));
      assertThat(post(relay).statusCode()).isEqualTo(502);
    }
  }
}
