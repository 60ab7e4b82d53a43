package org.citysense.sim.site;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.load.DeviceReader;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Issues;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.load.YamlFiles;
import org.citysense.profiles.load.YamlMap;
import org.citysense.sim.scenario.Scenario;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.sim.scenario.ScenarioLoader;

/**
 * Reads a site file:
 *
 * <pre>
 * seed: 42
 * timeZone: Asia/Shanghai
 * mqttBroker: tcp://127.0.0.1:1883     # for devices with mqtt: {}
 * scenarios:                           # optional, the site's own
 *   quiet-evening: {tracks: {...}}
 * devices:                             # device instances, plus a scenario each
 *   - {id: pm-st01, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, port: 5020, unitId: 1},
 *      station: st-01, scenario: baseline}
 * </pre>
 */
public final class SiteLoader {
  private final ProfileCatalog profiles;
  private final ScenarioCatalog bundled;

  public SiteLoader(ProfileCatalog profiles, ScenarioCatalog bundled) {
    this.profiles = profiles;
    this.bundled = bundled;
  }

  public Site parse(String fileName, String text) {
    Issues issues = new Issues(fileName);
    Site site = YamlFiles.root(issues, text).map(doc -> read(doc, issues)).orElse(null);
    issues.throwIfAny();
    return site;
  }

  private Site read(YamlMap doc, Issues issues) {
    doc.allowOnly(List.of("seed", "timeZone", "mqttBroker", "scenarios", "devices"));
    long seed = doc.integer("seed", false, Long.MIN_VALUE, Long.MAX_VALUE).orElse(1L);
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    if (doc.has("timeZone")) {
      String name = doc.string("timeZone", false).orElse("");
      try {
        zone = ZoneId.of(name);
      } catch (DateTimeException e) {
        doc.error("timeZone", "\"" + name + "\" is not a time zone such as Asia/Shanghai");
      }
    }
    String broker = doc.string("mqttBroker", false).orElse(null);
    Map<String, Scenario> own = new LinkedHashMap<>();
    doc.map("scenarios", false)
        .ifPresent(
            s -> {
              for (String name : s.keys()) {
                s.map(name, true).ifPresent(m -> own.put(name, new ScenarioLoader().read(name, m)));
              }
            });
    ScenarioCatalog catalog = bundled.with(own);
    Map<String, Scenario> byDevice = new LinkedHashMap<>();
    List<DeviceInstance> devices =
        new DeviceReader(profiles)
            .readList(
                doc,
                "devices",
                List.of("scenario"),
                (device, m) -> {
                  String names = m.string("scenario", false).orElse("baseline");
                  try {
                    byDevice.put(device.id(), catalog.compose(names, issues.file()));
                  } catch (InvalidFileException e) {
                    m.error("scenario", e.problems().get(0).message());
                  }
                });
    return new Site(seed, zone, devices, byDevice, broker);
  }
}
