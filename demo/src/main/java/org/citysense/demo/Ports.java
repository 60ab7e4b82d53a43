package org.citysense.demo;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports of 127.0.0.1: free ones for the demo's own peers, and a check of the one a user chose. */
final class Ports {
  private Ports() {}

  /** A TCP port that was free a moment ago (the peer binds it next). */
  static int freeTcp() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A UDP port that was free a moment ago (CoAP). */
  static int freeUdp() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
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
