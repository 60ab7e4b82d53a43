package org.citysense.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citysense.profiles.device.AlarmAction;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Location;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.sim.site.Site;
import org.citysense.sim.site.SiteLoader;

/**
 * The example site (firmware-sim/examples/community.yaml, bundled as a resource) as the demo plays
 * it: the same devices, households, stations and scenarios, moved to free ports of 127.0.0.1 so
 * that neither a user's services nor the tests collide with it; polling intervals stretched so the
 * accelerated clock does not flood two shared cores; gas detectors close their own valve on alarm.
 */
final class CommunitySite {
  static final String RESOURCE = "demo/community.yaml";
  private static final Duration PUSH_AT_LEAST = Duration.ofHours(1);

  private final Site site;
  private final List<DeviceInstance> devices;

  private CommunitySite(Site site, List<DeviceInstance> devices) {
    this.site = site;
    this.devices = List.copyOf(devices);
  }

  /**
   * @param speed the clock's speed: no point is read more often than every {@code realFloor} of
   *     real time, nor a station's more often than every {@code stationFloor}, nor an alarm-class
   *     point more often than every {@code alarmFloor}
   */
  static CommunitySite load(
      double speed, Duration realFloor, Duration stationFloor, Duration alarmFloor)
      throws IOException {
    ProfileCatalog profiles = ProfileCatalog.bundled();
    Site site =
        new SiteLoader(profiles, ScenarioCatalog.bundled()).parse("community.yaml", resource());
    Map<String, Integer> tcpPorts = new HashMap<>();
    Map<String, Integer> udpPorts = new HashMap<>();
    List<DeviceInstance> moved = new ArrayList<>();
    for (DeviceInstance d : site.devices()) {
      Transport t = d.transport();
      if (t instanceof Transport.ModbusTcp m) {
        String key = m.host() + ":" + m.port();
        int port = tcpPorts.containsKey(key) ? tcpPorts.get(key) : freeTcp(tcpPorts.values());
        tcpPorts.put(key, port);
        t = new Transport.ModbusTcp("127.0.0.1", port, m.unitId());
      } else if (t instanceof Transport.Coap c) {
        String key = c.host() + ":" + c.port();
        int port = udpPorts.containsKey(key) ? udpPorts.get(key) : freeUdp(udpPorts.values());
        udpPorts.put(key, port);
        t = new Transport.Coap("127.0.0.1", port);
      }
      DeviceProfile profile = profiles.find(d.profile()).orElseThrow();
      Map<String, Duration> intervals = new LinkedHashMap<>(d.intervals());
      // only polled devices are slowed down; a pushing one (MQTT, CoAP) keeps its own pace,
      // but reports at least hourly: the cloud's offline rule expects its alarm points' pace
      boolean polled = t instanceof Transport.ModbusTcp;
      for (Point p : profile.points()) {
        if (!polled) {
          Duration own = d.intervals().getOrDefault(p.name(), p.interval());
          if (own != null && own.compareTo(PUSH_AT_LEAST) > 0) {
            intervals.put(p.name(), PUSH_AT_LEAST);
          }
          continue;
        }
        Duration floor =
            p.isAlarmClass() ? alarmFloor : d.station() != null ? stationFloor : realFloor;
        Duration simFloor = Duration.ofMillis(Math.round(floor.toMillis() * speed));
        Duration own = d.intervals().getOrDefault(p.name(), p.interval());
        if (own == null || own.compareTo(simFloor) < 0) {
          intervals.put(p.name(), roundedToSeconds(simFloor));
        }
      }
      List<AlarmAction> onAlarm = d.onAlarm();
      if (onAlarm.isEmpty() && profile.points().stream().anyMatch(p -> p.name().equals("valve"))) {
        onAlarm = List.of(new AlarmAction(null, "valve", Value.of(false)));
      }
      moved.add(
          new DeviceInstance(
              d.id(),
              d.profile(),
              t,
              d.station(),
              d.household(),
              d.unit(),
              d.location(),
              d.alarmLimits(),
              intervals,
              onAlarm));
    }
    return new CommunitySite(site, moved);
  }

  private static Duration roundedToSeconds(Duration d) {
    return Duration.ofSeconds(Math.max(1, (d.toMillis() + 999) / 1000));
  }

  private static String resource() throws IOException {
    try (InputStream in = CommunitySite.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new DemoException(
            RESOURCE + " is missing from the class path: build the demo module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static int freeTcp(Collection<Integer> given) {
    try {
      return Ports.freeTcp(Set.copyOf(given));
    } catch (IOException e) {
      throw new DemoException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  private static int freeUdp(Collection<Integer> given) {
    try {
      return Ports.freeUdp(Set.copyOf(given));
    } catch (IOException e) {
      throw new DemoException("no free UDP port on 127.0.0.1: " + e.getMessage(), e);
    }
  }

  Site site() {
    return site;
  }

  List<DeviceInstance> devices() {
    return devices;
  }

  /** Household ids in the order the site names them. */
  List<String> households() {
    return devices.stream()
        .map(DeviceInstance::household)
        .filter(h -> h != null)
        .distinct()
        .toList();
  }

  /** The devices as a device-instance file, for the agent's config and the cloud's import. */
  String devicesYaml() {
    StringBuilder yaml = new StringBuilder("devices:\n");
    for (DeviceInstance d : devices) {
      yaml.append("  - {id: ").append(d.id()).append(", profile: ").append(d.profile());
      Transport t = d.transport();
      if (t instanceof Transport.ModbusTcp m) {
        yaml.append(", modbus-tcp: {host: ")
            .append(m.host())
            .append(", port: ")
            .append(m.port())
            .append(", unitId: ")
            .append(m.unitId())
            .append("}");
      } else if (t instanceof Transport.Coap c) {
        yaml.append(", coap: {host: ")
            .append(c.host())
            .append(", port: ")
            .append(c.port())
            .append("}");
      } else if (t instanceof Transport.Mqtt) {
        yaml.append(", mqtt: {}");
      } else {
        throw new DemoException(
            "device " + d.id() + ": the demo plays Modbus TCP, MQTT and CoAP only");
      }
      field(yaml, "station", d.station());
      field(yaml, "household", d.household());
      field(yaml, "unit", d.unit());
      Location l = d.location();
      if (l != null) {
        List<String> parts = new ArrayList<>();
        if (l.latitude() != null) {
          parts.add("lat: " + l.latitude());
        }
        if (l.longitude() != null) {
          parts.add("lon: " + l.longitude());
        }
        if (l.place() != null) {
          parts.add("place: " + quoted(l.place()));
        }
        yaml.append(", location: {").append(String.join(", ", parts)).append("}");
      }
      if (!d.intervals().isEmpty()) {
        List<String> parts = new ArrayList<>();
        d.intervals().forEach((p, i) -> parts.add(p + ": " + i.toSeconds() + "s"));
        yaml.append(", intervals: {").append(String.join(", ", parts)).append("}");
      }
      if (!d.onAlarm().isEmpty()) {
        List<String> parts = new ArrayList<>();
        for (AlarmAction a : d.onAlarm()) {
          parts.add(
              "{"
                  + (a.device() != null ? "device: " + a.device() + ", " : "")
                  + "write: "
                  + a.point()
                  + ", value: "
                  + yamlValue(a.value())
                  + "}");
        }
        yaml.append(", onAlarm: [").append(String.join(", ", parts)).append("]");
      }
      yaml.append("}\n");
    }
    return yaml.toString();
  }

  private static String yamlValue(Value v) {
    if (v instanceof Value.Bool b) {
      return String.valueOf(b.value());
    }
    return String.valueOf(((Value.Num) v).value());
  }

  private static void field(StringBuilder yaml, String name, String value) {
    if (value != null) {
      yaml.append(", ").append(name).append(": ").append(value);
    }
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
