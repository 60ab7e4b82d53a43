package org.citysense.demo;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scripts/demo}: a whole community on one machine, its scenarios as a timeline. */
@Command(
    name = "scripts/demo",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Runs a whole community on one machine with embedded defaults, on one accelerated clock:",
      "cloud-ingest, firmware-sim playing firmware-sim/examples/community.yaml, one edge agent",
      "provisioned with its CLI (hosting the gateway's MQTT broker), its link to the cloud",
      "through a relay the demo cuts for a while, and an SMSC that prints each SMS.",
      "Plays PM2.5 above its neighbours, a gas leak, smoke, a rising river, a silent water",
      "meter and the link cut, prints the timeline and checks every outcome.",
      "Exit codes: 0 every scenario showed its outcome, 1 one did not or the demo failed, 2 usage."
    },
    footer = {
      "",
      "Examples:",
      "  scripts/demo                       # build, then the full demo (a few minutes)",
      "  scripts/demo --short               # faster clock, shorter cut (1-2 minutes)",
      "  scripts/demo --keep                # keep it running afterwards; Enter stops",
      "  scripts/demo --port 18080 --dir /tmp/my-demo",
      "  scripts/demo --cluster 3 --short   # the cloud as three nodes on Kafka (docs/demo.md)",
      "  scripts/demo --no-build --short  # skip the build (the script's own option, first)"
    })
public final class DemoCli implements Callable<Integer> {
  @Option(names = "--short", description = "Faster clock (×600) and a shorter link cut.")
  boolean quick;

  @Option(
      names = "--keep",
      description = "Keep the community running after the scenarios, until Enter or Ctrl-C.")
  boolean keep;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "The cloud's HTTP port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Work folder: cloud data, agent, logs, demo.env, report.json (default:"
              + " <tmp>/citysense-demo; emptied first).")
  Path dir;

  @Option(
      names = "--cluster",
      paramLabel = "N",
      description =
          "Run the cloud as N nodes (2-5) on Kafka, PostgreSQL and InfluxDB instead of one"
              + " embedded process; node i listens on PORT+i, the agent posts through a relay"
              + " that spreads its batches over them. Needs the Debian packages postgresql and"
              + " influxdb (scripts/test installs them).")
  int cluster;

  @Option(
      names = "--cloud-jar",
      paramLabel = "JAR",
      description =
          "cloud-ingest's quarkus-run.jar (default:"
              + " cloud-ingest/target/quarkus-app/quarkus-run.jar here or one folder up).")
  Path cloudJar;

  private final PrintStream out;

  DemoCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.exit(commandLine(out).execute(args));
  }

  static CommandLine commandLine(PrintStream out) {
    CommandLine cli = new CommandLine(new DemoCli(out));
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String message = e instanceof DemoException ? e.getMessage() : e.toString();
          cmd.getErr().println("demo: " + message);
          return 1;
        });
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--port: " + port + " is not a port (1-65535)");
    }
    if (cluster != 0 && (cluster < 2 || cluster > 5)) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--cluster: " + cluster + " nodes; give 2 to 5");
    }
    if (port + Math.max(cluster, 1) - 1 > 65535) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--port: the nodes' ports " + port + "+ go past 65535");
    }
    Path work = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"), "citysense-demo");
    prepare(work);
    Files.createDirectories(work.resolve("logs"));
    // the simulator's libraries (Californium, Paho) log to a file, not over the timeline
    System.setProperty("demo.log", work.resolve("logs").resolve("sim.log").toString());
    System.setProperty("logback.configurationFile", "demo-logback.xml");
    Path jar = cloudJar != null ? cloudJar : defaultCloudJar();
    Demo demo =
        new Demo(
            quick ? Pace.SHORT : Pace.FULL,
            port,
            work.toAbsolutePath(),
            jar,
            keep,
            cluster,
            nextToCloudJar(jar).toAbsolutePath(),
            out);
    return demo.run() ? 0 : 1;
  }

  /** Empties a work folder the demo made before; refuses to empty anything else. */
  private static void prepare(Path work) throws Exception {
    Path marker = work.resolve(".citysense-demo");
    if (Files.exists(work)) {
      try (var list = Files.list(work)) {
        boolean empty = list.findAny().isEmpty();
        if (!empty && !Files.exists(marker)) {
          throw new DemoException(
              work + " exists and is not a demo folder; give --dir an empty or new folder");
        }
      }
      if (Files.exists(marker)) {
        try (var walk = Files.walk(work)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            if (!p.equals(work)) {
              Files.delete(p);
            }
          }
        }
      }
    }
    Files.createDirectories(work);
    Files.writeString(marker, "made by scripts/demo; emptied by its next run\n");
  }

  /** kafka-broker/target/lib of the same build as the cloud's jar. */
  private static Path nextToCloudJar(Path cloudJar) {
    Path module = cloudJar.toAbsolutePath().getParent().getParent().getParent();
    return module.resolveSibling("kafka-broker").resolve("target").resolve("lib");
  }

  private static Path defaultCloudJar() {
    Path here = Path.of("cloud-ingest/target/quarkus-app/quarkus-run.jar");
    Path up = Path.of("../cloud-ingest/target/quarkus-app/quarkus-run.jar");
    return Files.isRegularFile(here) || !Files.isRegularFile(up) ? here : up;
  }
}
