package org.citysense.cloud.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.testsupport.Poll;

/**
 * A gateway on MQTT, played by Debian's mosquitto_pub and mosquitto_sub (MQTT 5, so that a refused
 * publish says so in its PUBACK): user name = gateway id, password = its token.
 */
final class MqttPeer {
  private static final Pattern PUBACK =
      Pattern.compile("received PUBACK \\(Mid: \\d+, RC:(\\d+)\\)");

  /** What mosquitto_pub printed and its exit code. */
  record Published(int exit, String output) {
    /** The broker took the batch: a PUBACK without an error code (0 or 16, no subscriber). */
    boolean accepted() {
      Matcher m = PUBACK.matcher(output);
      return exit == 0 && m.find() && Integer.parseInt(m.group(1)) < 0x80;
    }

    /** The broker refused the login: CONNACK 135, not authorized. */
    boolean refusedAtConnect() {
      return output.contains("received CONNACK (135)");
    }
  }

  private final int port;

  MqttPeer(int port) {
    this.port = port;
  }

  Published publish(String gateway, String token) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                List.of(
                    "mosquitto_pub",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-V",
                    "mqttv5",
                    "-q",
                    "1",
                    "-d",
                    "-u",
                    gateway,
                    "-P",
                    token,
                    "-t",
                    "citysense/gateways/" + gateway + "/batches",
                    "-m",
                    "{}"))
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mosquitto_pub did not end in 30 s");
    }
    return new Published(p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }

  /**
   * A gateway that stays connected, subscribed to its replies; returns once the broker granted the
   * subscription. Its output goes to {@code out}.
   */
  Process listen(String gateway, String token, Path out) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    // line-buffered, so that the subscription shows while it runs
                    "stdbuf",
                    "-oL",
                    "mosquitto_sub",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    Integer.toString(port),
                    "-V",
                    "mqttv5",
                    "-q",
                    "1",
                    "-d",
                    "-u",
                    gateway,
                    "-P",
                    token,
                    "-t",
                    "citysense/gateways/" + gateway + "/replies"))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      Poll.until(
          "the gateway's subscription",
          Duration.ofSeconds(30),
          () -> read(out).contains("Subscribed (mid: 1): 1") || !p.isAlive(),
          () -> read(out));
      if (!p.isAlive()) {
        throw new AssertionError("the gateway could not subscribe:\n" + read(out));
      }
      return p;
    } catch (AssertionError | InterruptedException e) {
      p.destroy();
      throw e;
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.getMessage();
    }
  }
}
