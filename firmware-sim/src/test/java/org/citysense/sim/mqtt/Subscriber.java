package org.citysense.sim.mqtt;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.citysense.testsupport.PeerProcess;
import org.citysense.testsupport.Poll;

/**
 * {@code mosquitto_sub -v} on a topic filter: each message arrives as one line "topic payload".
 * Started with {@code -d}, so the test can wait for the SUBACK before anything is published.
 */
final class Subscriber implements AutoCloseable {
  private final String topicPrefix;
  private final PeerProcess process;

  private Subscriber(String topicPrefix, PeerProcess process) {
    this.topicPrefix = topicPrefix;
    this.process = process;
  }

  /**
   * @param prefix what every received topic starts with, to tell messages from debug lines
   */
  static Subscriber start(Mosquitto broker, String filter, String prefix)
      throws IOException, InterruptedException {
    PeerProcess process =
        PeerProcess.start(
            List.of(
                "stdbuf", // mosquitto_sub buffers its debug lines when writing to a pipe
                "-oL",
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(broker.port()),
                "-t",
                filter,
                "-q",
                "1",
                "-v",
                "-d"));
    Subscriber subscriber = new Subscriber(prefix, process);
    try {
      Poll.until(
          "mosquitto_sub to subscribe to " + filter,
          Duration.ofSeconds(15),
          () -> process.out().contains("received SUBACK"),
          process::transcript);
    } catch (AssertionError | InterruptedException e) {
      process.close();
      throw e;
    }
    return subscriber;
  }

  /** The messages received so far, as "topic payload" lines. */
  List<String> messages() {
    return process.lines().stream().filter(l -> l.startsWith(topicPrefix)).toList();
  }

  /** The payloads received so far on exactly {@code topic}. */
  List<String> payloads(String topic) {
    return messages().stream()
        .filter(l -> l.startsWith(topic + " "))
        .map(l -> l.substring(topic.length() + 1))
        .toList();
  }

  String transcript() {
    return process.transcript();
  }

  @Override
  public void close() {
    process.close();
  }
}
