package org.citysense.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker for tests and benchmarks: one node in KRaft mode (broker and
 * controller in one process, as the DEPENDENCIES notes verified), run from the jars the {@code
 * kafka-broker} module copies into its {@code target/lib}, in a JVM of its own, on free ports of
 * 127.0.0.1, its data in a folder of the caller's. {@link #stop()} and {@link #start()} again keep
 * ports and data; {@link #kill()} is SIGKILL.
 */
public final class KafkaServer implements AutoCloseable {
  /** Where the kafka-broker module puts the broker's jars, from a sibling module's folder. */
  public static final Path LIB = Path.of("../kafka-broker/target/lib");

  private static final String STARTED = "Kafka Server started";

  private final Path lib;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final int partitions;
  private Process process;

  /**
   * Formats the broker's storage in {@code dir}; {@link #start()} runs it.
   *
   * @param partitions the default number of partitions of a topic the broker creates itself
   */
  public KafkaServer(Path lib, Path dir, int partitions) throws IOException, InterruptedException {
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(
          lib.toAbsolutePath()
              + " is missing: build the kafka-broker module first (the reactor"
              + " does it)");
    }
    this.lib = lib.toAbsolutePath().normalize();
    this.dir = Files.createDirectories(dir);
    this.port = freePort();
    this.controllerPort = freePort();
    this.partitions = partitions;
    Files.writeString(dir.resolve("server.properties"), properties());
    Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
    run(
        "kafka.tools.StorageTool",
        "format",
        "--standalone",
        "-t",
        UUID.randomUUID().toString().replace("-", "").substring(0, 22),
        "-c",
        dir.resolve("server.properties").toString());
  }

  /** Where clients connect: {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker and waits until it says it has started (a minute at most). */
  public void start() throws IOException, InterruptedException {
    Path log = dir.resolve("broker.log");
    long from = Files.exists(log) ? Files.size(log) : 0;
    process =
        new ProcessBuilder(command("kafka.Kafka", dir.resolve("server.properties").toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited:\n" + tail(log, from));
      }
      if (tail(log, from).contains(STARTED)) {
        return;
      }
      Thread.sleep(100);
    }
    kill();
    throw new IllegalStateException("the Kafka broker did not start in 60 s:\n" + tail(log, from));
  }

  /** SIGTERM, then SIGKILL after 30 s; waits until it has ended. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** SIGKILL: nothing runs on the way out. */
  public void kill() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    process = null;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private String properties() {
    return """
        process.roles=broker,controller
        node.id=1
        controller.quorum.bootstrap.servers=127.0.0.1:%2$d
        listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
        advertised.listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
        controller.listener.names=CONTROLLER
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        inter.broker.listener.name=PLAINTEXT
        log.dirs=%3$s
        num.partitions=%4$d
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=4
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        auto.create.topics.enable=false
        """
        .formatted(port, controllerPort, dir.resolve("data"), partitions);
  }

  /** The broker's own log at INFO, its noisy parts at WARN, to broker.log. */
  private static final String LOG4J =
      """
      rootLogger.level=WARN
      rootLogger.appenderRef.out.ref=out
      appender.out.type=Console
      appender.out.name=out
      appender.out.layout.type=PatternLayout
      appender.out.layout.pattern=%d{HH:mm:ss.SSS} %-5p %c{1} - %m%n
      logger.server.name=kafka.server.KafkaRaftServer
      logger.server.level=INFO
      """;

  private List<String> command(String main, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx384m",
                "-Xss512k",
                "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp",
                lib + "/*",
                main));
    command.addAll(List.of(args));
    return command;
  }

  private void run(String main, String... args) throws IOException, InterruptedException {
    Path log = dir.resolve("format.log");
    Process p =
        new ProcessBuilder(command(main, args))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(main + " failed:\n" + Files.readString(log));
    }
  }

  private static String tail(Path log, long from) {
    try {
      byte[] all = Files.readAllBytes(log);
      int start = (int) Math.min(from, all.length);
      return new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
