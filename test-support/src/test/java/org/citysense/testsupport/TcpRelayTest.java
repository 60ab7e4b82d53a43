package org.citysense.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay forwards both ways, cuts and restores, and its tap keeps what clients sent. */
class TcpRelayTest {
  private ServerSocket echo;
  private Thread echoThread;

  @BeforeEach
  void echoServer() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread =
        new Thread(
            () -> {
              while (!echo.isClosed()) {
                try {
                  Socket s = echo.accept();
                  Thread t =
                      new Thread(
                          () -> {
                            try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                              in.transferTo(out);
                            } catch (IOException e) {
                              // client gone
                            }
                          });
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    echoThread.setDaemon(true);
    echoThread.start();
  }

  @AfterEach
  void stop() throws Exception {
    echo.close();
    echoThread.join(5_000);
  }

  @Test
  void forwardsBothWaysAndTapsWhatTheClientSent() throws Exception {
    try (TcpRelay relay = new TcpRelay("127.0.0.1", echo.getLocalPort(), true);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
      assertThat(roundTrip(client, "hello")).isEqualTo("hello");
      assertThat(roundTrip(client, "again")).isEqualTo("again");
      Poll.until(
          "the tap has both", Duration.ofSeconds(30), () -> tapped(relay).equals("helloagain"));
      TcpRelay.Connection c = relay.connections().get(0);
      assertThat(c.arrivalOf(0)).isEqualTo(1);
      assertThat(c.arrivalOf(5)).isEqualTo(2);
      assertThat(c.arrivalOf(10)).isEqualTo(-1);
    }
  }

  @Test
  void cutClosesConnectionsAndRefusesNewOnesUntilRestored() throws Exception {
    try (TcpRelay relay = new TcpRelay("127.0.0.1", echo.getLocalPort(), true)) {
      Socket before = new Socket(InetAddress.getLoopbackAddress(), relay.port());
      assertThat(roundTrip(before, "one")).isEqualTo("one");

      relay.cut();
      assertThat(relay.isCut()).isTrue();
      assertThat(readsEnd(before)).isTrue();
      try (Socket during = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
        assertThat(readsEnd(during)).isTrue();
      }

      relay.restore();
      try (Socket after = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
        assertThat(roundTrip(after, "two")).isEqualTo("two");
      }
      before.close();
      // the refused connection left no record: only the one before and the one after
      List<TcpRelay.Connection> connections = relay.connections();
      assertThat(connections).hasSize(2);
      assertThat(new String(connections.get(1).clientBytes(), StandardCharsets.UTF_8))
          .isEqualTo("two");
    }
  }

  @Test
  void readsHttpRequestsWithLengthOrChunks() {
    String wire =
        "POST /api/v1/ingest HTTP/1.1\r\nContent-Length: 3\r\nContent-Encoding: gzip\r\n\r\nabc"
            + "POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nxy\r\n1\r\nz\r\n0\r\n\r\n"
            + "POST /cut-short HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc";
    List<HttpRequests.Request> requests =
        HttpRequests.parse(wire.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(requests)
        .extracting(HttpRequests.Request::path)
        .containsExactly("/api/v1/ingest", "/b");
    assertThat(requests.get(0).header("Content-Encoding")).isEqualTo("gzip");
    assertThat(requests.get(0).body()).isEqualTo("abc".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(requests.get(1).body()).isEqualTo("xyz".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(requests.get(1).offset()).isGreaterThan(0);
  }

  private static String tapped(TcpRelay relay) {
    return new String(relay.connections().get(0).clientBytes(), StandardCharsets.UTF_8);
  }

  private static String roundTrip(Socket socket, String text) throws IOException {
    socket.setSoTimeout(30_000);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }

  /** Whether the peer ended the connection (end of stream or a reset), rather than answering. */
  private static boolean readsEnd(Socket socket) throws IOException {
    socket.setSoTimeout(30_000);
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketException e) {
      return true;
    }
  }
}
