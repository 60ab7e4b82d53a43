package org.citysense.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.citysense.testsupport.PeerProcess;
import org.citysense.testsupport.Poll;

/**
 * libcoap's example server, {@code coap-server-notls}, on 127.0.0.1, killed on close. Started with
 * {@code -d}, it lets a client create resources with PUT: it then serves the payload with the
 * Content-Format it was put with, lists the resource as observable, and notifies observers of the
 * next PUT. Its own resources ({@code /}, {@code /time}, {@code /example_data}) are fixed text.
 */
public final class Libcoap implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final int port;
  private final PeerProcess server;

  private Libcoap(int port, PeerProcess server) {
    this.port = port;
    this.server = server;
  }

  /** Starts the server on a free UDP port and waits until it answers. */
  public static Libcoap start() throws IOException, InterruptedException {
    int port = freeUdpPort();
    PeerProcess server =
        PeerProcess.start(
            List.of(
                "coap-server-notls", "-A", "127.0.0.1", "-p", Integer.toString(port), "-d", "10"));
    Libcoap libcoap = new Libcoap(port, server);
    try {
      Poll.until(
          "coap-server-notls to answer on " + port,
          WAIT,
          () -> !server.isAlive() || libcoap.get("/.well-known/core").contains("</time>"),
          server::transcript);
      if (!server.isAlive()) {
        throw new IllegalStateException("coap-server-notls did not start\n" + server.transcript());
      }
    } catch (RuntimeException | Error | InterruptedException e) {
      server.close();
      throw e;
    }
    return libcoap;
  }

  public int port() {
    return port;
  }

  /**
   * Creates or replaces a resource with {@code coap-client-notls -m put}.
   *
   * @param format the CoAP Content-Format number: 50 for JSON, 0 for text/plain
   */
  public void put(String path, int format, String payload) {
    client("-m", "put", "-t", Integer.toString(format), "-e", payload, uri(path));
  }

  /** A GET with {@code coap-client-notls}: what it printed. */
  public String get(String path) {
    return client("-m", "get", uri(path));
  }

  private String uri(String path) {
    return "coap://127.0.0.1:" + port + path;
  }

  /** Runs {@code coap-client-notls} to its end and returns its output. */
  private static String client(String... arguments) {
    List<String> command = new ArrayList<>(List.of("coap-client-notls", "-B", "5"));
    command.addAll(List.of(arguments));
    try {
      Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
      client.getOutputStream().close();
      // the output is small: reading it to its end waits for the client to finish
      byte[] out = client.getInputStream().readAllBytes();
      if (!client.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        client.destroyForcibly();
        throw new IllegalStateException("coap-client-notls did not end: " + command);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A UDP port that was free a moment ago on 127.0.0.1. */
  public static int freeUdpPort() {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
