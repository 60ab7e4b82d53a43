package org.citysense.profiles.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.citysense.profiles.device.AlarmAction;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Location;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;

/**
 * Reads device instances: the one description of an installed device used by the agent's config,
 * the simulator's site files and the cloud's bulk import. Checks each against its profile.
 */
public final class DeviceReader {
  static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final List<String> TRANSPORTS =
      List.of("modbus-tcp", "modbus-rtu", "serial", "mqtt", "coap", "opcua");
  private static final List<String> FIELDS =
      List.of(
          "id",
          "profile",
          "modbus-tcp",
          "modbus-rtu",
          "serial",
          "mqtt",
          "coap",
          "opcua",
          "station",
          "household",
          "unit",
          "location",
          "alarmLimits",
          "intervals",
          "onAlarm",
          "description");
  private static final List<String> ACTION_FIELDS = List.of("device", "write", "value");

  private final Function<String, Optional<DeviceProfile>> profiles;
  private final List<String> profileIds;

  /**
   * @param profiles finds a profile by id
   * @param profileIds every known profile id, for suggestions
   */
  public DeviceReader(Function<String, Optional<DeviceProfile>> profiles, List<String> profileIds) {
    this.profiles = profiles;
    this.profileIds = List.copyOf(profileIds);
  }

  public DeviceReader(ProfileCatalog catalog) {
    this(catalog::find, catalog.ids());
  }

  /** Reads a standalone device file: a top-level {@code devices:} list and nothing else. */
  public List<DeviceInstance> parse(String fileName, String text) {
    Issues issues = new Issues(fileName);
    Optional<YamlMap> root = YamlFiles.root(issues, text);
    List<DeviceInstance> devices =
        root.map(
                doc -> {
                  doc.allowOnly(List.of("devices"));
                  return readList(doc, "devices");
                })
            .orElse(List.of());
    issues.throwIfAny();
    return devices;
  }

  /** Reads the list under {@code key} of {@code doc}; ids must be unique within it. */
  public List<DeviceInstance> readList(YamlMap doc, String key) {
    return readList(doc, key, List.of(), (device, map) -> {});
  }

  /**
   * Reads the list under {@code key}, where each entry may carry {@code extraFields} of the
   * caller's (a simulator's scenario, say); {@code extra} reads them from each valid device's map.
   * An {@code onAlarm} action naming another device is checked against that device of the list.
   */
  public List<DeviceInstance> readList(
      YamlMap doc,
      String key,
      List<String> extraFields,
      BiConsumer<DeviceInstance, YamlMap> extra) {
    List<DeviceInstance> devices = new ArrayList<>();
    Map<String, Integer> lines = new HashMap<>();
    List<OtherDevice> others = new ArrayList<>();
    for (YamlMap.Item item : doc.list(key, true)) {
      item.asMap(doc.issues())
          .ifPresent(
              m -> {
                Optional<DeviceInstance> device = read(m, extraFields, others);
                m.string("id", false)
                    .ifPresent(
                        id -> {
                          Integer first = lines.putIfAbsent(id, Issues.lineOf(m.node("id")));
                          if (first != null) {
                            m.error(
                                "id",
                                "\""
                                    + id
                                    + "\" is already used (line "
                                    + first
                                    + ");"
                                    + " device ids are unique in a deployment");
                          }
                        });
                device.ifPresent(
                    d -> {
                      devices.add(d);
                      extra.accept(d, m);
                    });
              });
    }
    checkOtherDevices(others, devices, lines.keySet());
    return devices;
  }

  /**
   * Reads one device instance from its mapping. An {@code onAlarm} action naming another device is
   * not checked: that device is not known here.
   */
  public Optional<DeviceInstance> read(YamlMap m) {
    return read(m, List.of(), new ArrayList<>());
  }

  private Optional<DeviceInstance> read(
      YamlMap m, List<String> extraFields, List<OtherDevice> others) {
    List<String> allowed = new ArrayList<>(FIELDS);
    allowed.addAll(extraFields);
    m.allowOnly(allowed);
    Optional<String> id =
        m.string("id", true, DEVICE_ID, "letters, digits, '_', '.', '-'; at most 64");
    Optional<DeviceProfile> profile = m.string("profile", true).flatMap(p -> findProfile(m, p));
    List<String> given = TRANSPORTS.stream().filter(m::has).toList();
    if (given.isEmpty()) {
      m.issues()
          .error(m.line(), m.path(), "no transport; give one of " + String.join(", ", TRANSPORTS));
    } else if (given.size() > 1) {
      m.error(
          given.get(1),
          "a device has one transport, but " + String.join(" and ", given) + " are given");
    }
    Optional<Transport> transport =
        given.size() == 1 ? TransportReader.read(m, given.get(0), profile) : Optional.empty();
    List<String> attached =
        List.of("station", "household", "unit").stream().filter(m::has).toList();
    if (attached.size() > 1) {
      m.error(
          attached.get(1),
          "a device belongs to one of station, household or unit, but "
              + String.join(" and ", attached)
              + " are given");
    }
    String station = m.string("station", false).orElse(null);
    String household = m.string("household", false).orElse(null);
    String unit = m.string("unit", false).orElse(null);
    Location location = m.map("location", false).map(DeviceReader::readLocation).orElse(null);
    Map<String, AlarmLimit> limits =
        m.map("alarmLimits", false).map(a -> readLimits(a, profile)).orElse(Map.of());
    Map<String, Duration> intervals =
        m.map("intervals", false).map(i -> readIntervals(i, profile)).orElse(Map.of());
    List<AlarmAction> onAlarm = readActions(m, id, profile, others);
    if (id.isEmpty() || profile.isEmpty() || transport.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DeviceInstance(
            id.get(),
            profile.get().id(),
            transport.get(),
            station,
            household,
            unit,
            location,
            limits,
            intervals,
            onAlarm));
  }

  private Optional<DeviceProfile> findProfile(YamlMap m, String id) {
    Optional<DeviceProfile> profile = profiles.apply(id);
    if (profile.isEmpty()) {
      String suggestion = Suggest.didYouMean(id, profileIds);
      m.error(
          "profile",
          "no profile \""
              + id
              + "\""
              + (suggestion.isEmpty() ? "; known: " + String.join(", ", profileIds) : suggestion));
    }
    return profile;
  }

  private static Location readLocation(YamlMap l) {
    l.allowOnly(List.of("lat", "lon", "place"));
    Double lat = l.number("lat", false).orElse(null);
    Double lon = l.number("lon", false).orElse(null);
    if (lat != null && (lat < -90 || lat > 90)) {
      l.error("lat", lat + " is not a latitude (-90..90)");
    }
    if (lon != null && (lon < -180 || lon > 180)) {
      l.error("lon", lon + " is not a longitude (-180..180)");
    }
    if ((lat == null) != (lon == null)) {
      l.issues().error(l.line(), l.path(), "give both lat and lon, or neither");
    }
    return new Location(lat, lon, l.string("place", false).orElse(null));
  }

  private static Map<String, AlarmLimit> readLimits(YamlMap a, Optional<DeviceProfile> profile) {
    Map<String, AlarmLimit> limits = new HashMap<>();
    for (String name : a.keys()) {
      Optional<Point> point = profile.flatMap(p -> pointOf(a, name, p));
      if (point.isEmpty()) {
        continue;
      }
      if (!point.get().isAlarmClass()) {
        a.error(name, "point " + name + " is not alarm-class in profile " + profile.get().id());
        continue;
      }
      a.map(name, true)
          .flatMap(limit -> AlarmLimits.read(limit, point.get().quantity()))
          .ifPresent(limit -> limits.put(name, limit));
    }
    return limits;
  }

  private static Map<String, Duration> readIntervals(YamlMap i, Optional<DeviceProfile> profile) {
    Map<String, Duration> intervals = new HashMap<>();
    for (String name : i.keys()) {
      if (profile.flatMap(p -> pointOf(i, name, p)).isPresent()) {
        i.duration(name, true).ifPresent(d -> intervals.put(name, d));
      }
    }
    return intervals;
  }

  /** An action on another device, checked once the whole list is read. */
  private record OtherDevice(YamlMap at, AlarmAction action) {}

  private static List<AlarmAction> readActions(
      YamlMap m, Optional<String> id, Optional<DeviceProfile> profile, List<OtherDevice> others) {
    List<AlarmAction> actions = new ArrayList<>();
    for (YamlMap.Item item : m.list("onAlarm", false)) {
      item.asMap(m.issues())
          .ifPresent(
              a -> {
                a.allowOnly(ACTION_FIELDS);
                Optional<String> device = a.string("device", false);
                Optional<String> point = a.string("write", true);
                Optional<Value> value = readValue(a);
                if (point.isEmpty() || value.isEmpty()) {
                  return;
                }
                boolean self = device.isEmpty() || device.equals(id);
                AlarmAction action =
                    new AlarmAction(self ? null : device.get(), point.get(), value.get());
                if (!self) {
                  others.add(new OtherDevice(a, action));
                } else if (profile.isPresent()) {
                  checkTarget(a, profile.get(), action);
                }
                actions.add(action);
              });
    }
    if (m.has("onAlarm")
        && profile.isPresent()
        && profile.get().points().stream().noneMatch(Point::isAlarmClass)) {
      m.error(
          "onAlarm",
          "profile "
              + profile.get().id()
              + " has no alarm-class point, so nothing would run these");
    }
    return actions;
  }

  /** {@code true}/{@code false} or a number; which one the point takes is checked later. */
  private static Optional<Value> readValue(YamlMap a) {
    Optional<String> text = a.string("value", true);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.get().equals("true") || text.get().equals("false")) {
      return Optional.of(Value.of(Boolean.parseBoolean(text.get())));
    }
    return a.number("value", true).map(Value::of);
  }

  /** The action's point exists in {@code profile}, is writable and takes the value's type. */
  private static void checkTarget(YamlMap a, DeviceProfile profile, AlarmAction action) {
    List<String> writable =
        profile.points().stream().filter(Point::writable).map(Point::name).toList();
    String choices =
        writable.isEmpty()
            ? "it has no writable point"
            : "writable: " + String.join(", ", writable);
    Optional<Point> point = profile.point(action.point());
    if (point.isEmpty()) {
      a.error(
          "write",
          "profile " + profile.id() + " has no point \"" + action.point() + "\"; " + choices);
      return;
    }
    if (!point.get().writable()) {
      a.error(
          "write",
          "point "
              + action.point()
              + " of profile "
              + profile.id()
              + " is not writable; "
              + choices);
      return;
    }
    boolean wantsBoolean = point.get().quantity().isBoolean();
    if (wantsBoolean != (action.value() instanceof Value.Bool)) {
      a.error(
          "value",
          action.value()
              + " does not suit point "
              + action.point()
              + " ("
              + point.get().quantity()
              + "); write "
              + (wantsBoolean
                  ? "true or false"
                  : "a number in " + point.get().quantity().canonicalUnit().symbol()));
    }
  }

  private void checkOtherDevices(
      List<OtherDevice> others, List<DeviceInstance> devices, java.util.Set<String> ids) {
    Map<String, DeviceInstance> byId = new HashMap<>();
    devices.forEach(d -> byId.put(d.id(), d));
    for (OtherDevice other : others) {
      String target = other.action().device();
      if (!ids.contains(target)) {
        String suggestion = Suggest.didYouMean(target, ids);
        other
            .at()
            .error(
                "device",
                "no device \""
                    + target
                    + "\" in this file"
                    + (suggestion.isEmpty() ? "" : suggestion));
        continue;
      }
      DeviceInstance device = byId.get(target); // null when it has errors of its own
      if (device != null) {
        profiles.apply(device.profile()).ifPresent(p -> checkTarget(other.at(), p, other.action()));
      }
    }
  }

  private static Optional<Point> pointOf(YamlMap m, String name, DeviceProfile profile) {
    Optional<Point> point = profile.point(name);
    if (point.isEmpty()) {
      m.error(
          name,
          "profile "
              + profile.id()
              + " has no point \""
              + name
              + "\"; it has "
              + String.join(", ", profile.pointNames()));
    }
    return point;
  }
}
