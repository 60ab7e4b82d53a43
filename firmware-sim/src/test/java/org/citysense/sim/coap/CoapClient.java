package org.citysense.sim.coap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.citysense.testsupport.PeerProcess;

/** libcoap's {@code coap-client-notls}, one received representation per line ({@code -w}). */
final class CoapClient {
  private CoapClient() {}

  /**
   * Starts {@code coap-client-notls -m get -w -B <limit> [options] coap://127.0.0.1:<port><path>}.
   *
   * @param limitSeconds libcoap's own give-up time ({@code -B})
   */
  static PeerProcess get(int port, String path, int limitSeconds, String... options)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("stdbuf", "-oL", "coap-client-notls", "-m", "get", "-w"));
    command.addAll(List.of("-B", Integer.toString(limitSeconds)));
    command.addAll(List.of(options));
    command.add("coap://127.0.0.1:" + port + path);
    return PeerProcess.start(command);
  }
}
