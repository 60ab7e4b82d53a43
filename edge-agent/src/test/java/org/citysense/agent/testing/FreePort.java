package org.citysense.agent.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A TCP port free on 127.0.0.1 right now, for servers that cannot report the port they bound. */
public final class FreePort {
  private FreePort() {}

  public static int tcp() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
