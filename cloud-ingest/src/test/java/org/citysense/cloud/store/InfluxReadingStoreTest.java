package org.citysense.cloud.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failures that need no real InfluxDB: nothing listening, and a server answering 5xx. */
class InfluxReadingStoreTest {

  @Test
  void nothingListeningIsUnavailableNamingTheUrl() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    try (InfluxReadingStore store = new InfluxReadingStore(url, "citysense")) {
      assertThatThrownBy(
              () -> store.write("gw-1", List.of(ReadingStoreContract.pm(1, "dev-a", 1_000, 1))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("gateway: gw-1");
    }
  }

  @Test
  void aServerErrorIsUnavailableNamingTheUrl() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (InfluxReadingStore store = new InfluxReadingStore(url, "citysense")) {
      assertThatThrownBy(
              () -> store.write("gw-1", List.of(ReadingStoreContract.pm(1, "dev-a", 1_000, 1))))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("HTTP 503");
      assertThatThrownBy(() -> store.latest(List.of("dev-a")))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("HTTP 503");
    } finally {
      server.stop(0);
    }
  }
}
