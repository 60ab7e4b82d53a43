package org.citysense.demo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/** Ports of 127.0.0.1: free ones for the demo's own peers, and a check of the one a user chose. */
final class Ports {
  private Ports() {}

  /** A TCP port that was free a moment ago (the peer binds it next). */
  static int freeTcp() throws IOException {
    return freeTcp(Set.of());
  }

  /**
   * A free TCP port not in {@code given}: the system may hand the same free port out twice in a
   * row, and ports given out are not bound until their peers start.
   */
  static int freeTcp(Set<Integer> given) throws IOException {
    for (int attempt = 0; ; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (!given.contains(port) || attempt > 100) {
        return port;
      }
    }
  }

  /** A free UDP port not in {@code given} (CoAP), as {@link #freeTcp(Set)}. */
  static int freeUdp(Set<Integer> given) throws IOException {
    for (int attempt = 0; ; attempt++) {
      int port;
      try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (!given.contains(port) || attempt > 100) {
        return port;
      }
    }
  }

  /** Throws a one-line error naming the port when it cannot be bound on 127.0.0.1. */
  static void requireFree(int port, String what) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new DemoException(
          "port "
              + port
              + " ("
              + what
              + ") is already in use on 127.0.0.1; stop what uses it or pass --port with a free"
              + " one");
    }
  }
}
