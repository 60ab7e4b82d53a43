package org.citysense.sim.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.load.YamlFiles;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.sim.site.Site;
import org.citysense.sim.site.SiteLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firmware-sim site <site.yaml>}: a whole community at once. */
@Command(
    name = "site",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate every device of a site file, each playing its scenario.",
      "Stations, detectors, meters, gauges, buttons; several unit ids behind one Modbus TCP port"
          + " or on one RTU bus."
    },
    footer = {
      "",
      "Examples:",
      "  firmware-sim site firmware-sim/examples/community.yaml",
      "  firmware-sim site community.yaml --speed 60 --mqtt tcp://127.0.0.1:1883 --quiet"
    })
final class SiteCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SITE-FILE", description = "The site file (YAML).")
  Path file;

  @Option(
      names = "--mqtt",
      paramLabel = "BROKER",
      description = "Broker for MQTT devices that name none (default: the site file's mqttBroker).")
  String mqtt;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed for noise (default: the site file's).")
  Long seed;

  @Mixin ClockOptions clock;
  @Mixin SimRunner runner;

  @Override
  public Integer call() throws Exception {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    Site site =
        new SiteLoader(profiles, ScenarioCatalog.bundled())
            .parse(file.toString(), YamlFiles.read(file));
    var c = clock.clock();
    DeviceFactory factory =
        new DeviceFactory(profiles, c, seed != null ? seed : site.seed(), site.zone(), c.instant());
    List<SimDevice> devices =
        site.devices().stream().map(d -> factory.create(d, site.scenarios().get(d.id()))).toList();
    return runner.run(
        devices,
        c,
        site.zone(),
        mqtt != null ? mqtt : site.defaultBroker(),
        spec.commandLine().getOut());
  }
}
