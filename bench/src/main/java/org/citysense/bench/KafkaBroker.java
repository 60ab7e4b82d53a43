package org.citysense.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.citysense.testsupport.KafkaServer;

/**
 * One Kafka broker (KRaft, test-support's {@link KafkaServer}) for a benchmark script: starts it in
 * DIR, prints {@code bootstrap=HOST:PORT}, and runs until its standard input closes or it is
 * stopped.
 *
 * <p>usage: KafkaBroker LIB DIR
 */
public final class KafkaBroker {
  private KafkaBroker() {}

  public static void main(String[] args) throws Exception {
    KafkaServer kafka =
        new KafkaServer(Path.of(args[0]), Files.createDirectories(Path.of(args[1])), 1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    kafka.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    kafka.start();
    System.out.println("bootstrap=" + kafka.bootstrapServers());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the script closes our input
    }
    kafka.close();
  }
}
