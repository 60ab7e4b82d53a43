package org.citysense.sim.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.citysense.sim.SimTransport;
import org.citysense.sim.Simulation;
import org.citysense.sim.TransportPlan;
import org.citysense.sim.control.ControlServer;
import org.citysense.sim.device.SimDevice;
import picocli.CommandLine.Option;

/** Runs devices until the process is told to stop (Ctrl-C, SIGTERM): shared by run and site. */
final class SimRunner {
  @Option(names = "--quiet", description = "Print only the start line and errors.")
  boolean quiet;

  @Option(
      names = "--control-port",
      paramLabel = "PORT",
      defaultValue = "7770",
      description =
          "Port of the control interface on 127.0.0.1 (default ${DEFAULT-VALUE}); 0 for"
              + " any free port, -1 for none.")
  int controlPort;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "Stop by itself after this much real time, e.g. 10m (default: run until stopped).")
  String duration;

  int run(List<SimDevice> devices, Clock clock, ZoneId zone, String broker, PrintWriter out)
      throws Exception {
    List<SimTransport> transports = new TransportPlan(broker, clock).build(devices);
    CountDownLatch stop = new CountDownLatch(1);
    try (Simulation simulation = new Simulation(clock, devices, Duration.ofMillis(200));
        ControlServer control = new ControlServer(simulation, stop::countDown)) {
      try {
        simulation.start(transports);
      } catch (java.net.BindException e) {
        throw new IllegalStateException(
            "a port is in use: "
                + String.join("; ", transports.stream().map(SimTransport::describe).toList()),
            e);
      }
      if (controlPort >= 0) {
        try {
          control.start(controlPort);
        } catch (java.net.BindException e) {
          throw new IllegalStateException(
              "the control port 127.0.0.1:"
                  + controlPort
                  + " is in use (another simulator?); give --control-port 0 (any free port) or -1"
                  + " (none)",
              e);
        }
      }
      out.printf(
          "firmware-sim: %d device(s) on %s%s%n",
          devices.size(),
          String.join("; ", simulation.transports().stream().map(SimTransport::describe).toList()),
          controlPort >= 0 ? "; control on 127.0.0.1:" + control.port() : "");
      out.flush();
      Thread hook = new Thread(stop::countDown, "sim-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      Console console = new Console(simulation, out, zone, System.console() != null);
      long deadline =
          duration == null
              ? Long.MAX_VALUE
              : System.nanoTime()
                  + org.citysense.profiles.load.YamlMap.parseDuration(duration)
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "--duration: \""
                                      + duration
                                      + "\" is not a duration (e.g. 30s, 10m)"))
                      .toNanos();
      while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)
          && System.nanoTime() < deadline) {
        if (!quiet) {
          console.render();
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook has run
      }
    }
    out.println("firmware-sim: stopped");
    out.flush();
    return 0;
  }
}
