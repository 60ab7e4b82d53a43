package org.citysense.profiles.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.model.Checksum;
import org.citysense.profiles.model.ContentFormat;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.FrameSpec;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.ProtocolFamily;
import org.citysense.profiles.model.Source;

/**
 * Reads and validates a device profile (one YAML file per device model). Every problem is reported
 * with file, line, field and what is allowed; nothing half-valid is returned.
 */
public final class ProfileLoader {
  static final Pattern PROFILE_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  private static final List<String> TOP_FIELDS =
      List.of(
          "model",
          "manufacturer",
          "description",
          "protocol",
          "interval",
          "serial",
          "frame",
          "mqtt",
          "coap",
          "points");

  /** A loaded profile and the hints worth showing (e.g. how a datasheet address was read). */
  public record Loaded(DeviceProfile profile, List<Problem> hints) {}

  public Loaded load(Path file) {
    String name = file.getFileName().toString();
    return parse(name, YamlFiles.read(file));
  }

  /**
   * Parses a profile's text. The profile id is {@code fileName} without {@code .yaml}.
   *
   * @throws InvalidFileException with every problem found
   */
  public Loaded parse(String fileName, String text) {
    Issues issues = new Issues(fileName);
    String id = fileName.replaceFirst("\\.ya?ml$", "");
    if (!PROFILE_ID.matcher(id).matches()) {
      issues.error(
          1,
          "",
          "the file name \""
              + fileName
              + "\" must be a profile id: lower-case"
              + " letters, digits and '-', ending in .yaml");
    }
    Optional<YamlMap> root = YamlFiles.root(issues, text);
    if (root.isEmpty()) {
      issues.throwIfAny();
    }
    DeviceProfile profile = read(id, root.get());
    issues.throwIfAny();
    return new Loaded(profile, issues.hints());
  }

  private DeviceProfile read(String id, YamlMap doc) {
    doc.allowOnly(TOP_FIELDS);
    String model = doc.string("model", true).orElse("");
    String manufacturer = doc.string("manufacturer", false).orElse("");
    String description = doc.string("description", false).orElse("");
    Optional<ProtocolFamily> family =
        doc.choice(
            "protocol",
            true,
            ProtocolFamily::byId,
            Arrays.stream(ProtocolFamily.values()).map(ProtocolFamily::id).toList());
    Duration interval = doc.duration("interval", false).orElse(DEFAULT_INTERVAL);
    SerialSettings serial =
        doc.map("serial", false)
            .map(m -> SerialReader.read(m, SerialSettings.MODBUS_DEFAULT))
            .orElse(SerialSettings.MODBUS_DEFAULT);
    if (family.isEmpty()) {
      return null;
    }
    checkSections(doc, family.get());
    FrameSpec frame =
        family.get() == ProtocolFamily.SERIAL_FRAME
            ? doc.map("frame", true).map(ProfileLoader::readFrame).orElse(null)
            : null;
    PointReader points =
        new PointReader(family.get(), interval, frame, sourceDefaults(doc, family.get()));
    List<YamlMap.Item> items = doc.list("points", true);
    if (doc.has("points") && items.isEmpty()) {
      doc.error("points", "a profile needs at least one point");
    }
    List<Point> read =
        items.stream()
            .map(item -> item.asMap(doc.issues()).flatMap(points::read))
            .flatMap(Optional::stream)
            .toList();
    return new DeviceProfile(
        id, model, manufacturer, description, family.get(), read, frame, serial);
  }

  /** Sections that belong to one family only must not appear in a profile of another. */
  private static void checkSections(YamlMap doc, ProtocolFamily family) {
    Map<String, ProtocolFamily> owner =
        Map.of(
            "frame", ProtocolFamily.SERIAL_FRAME,
            "mqtt", ProtocolFamily.MQTT,
            "coap", ProtocolFamily.COAP);
    owner.forEach(
        (section, needs) -> {
          if (doc.has(section) && family != needs) {
            doc.error(section, "only " + needs + " profiles have a " + section + " section");
          }
        });
    if (doc.has("serial")
        && family != ProtocolFamily.MODBUS
        && family != ProtocolFamily.SERIAL_FRAME) {
      doc.error("serial", "only modbus and serial-frame profiles have serial settings");
    }
  }

  /** The profile-level MQTT topic or CoAP resource that points inherit. */
  private static Source sourceDefaults(YamlMap doc, ProtocolFamily family) {
    return switch (family) {
      case MQTT ->
          doc.map("mqtt", true)
              .map(
                  m -> {
                    m.allowOnly(List.of("topic"));
                    return new Source.Mqtt(PointReader.topic(m, true).orElse(null), "");
                  })
              .orElse(null);
      case COAP ->
          doc.map("coap", true)
              .map(
                  m -> {
                    m.allowOnly(List.of("resource", "observe", "contentFormat"));
                    return new Source.Coap(
                        PointReader.resource(m, true).orElse(null),
                        m.bool("observe", false).orElse(false),
                        m.choice(
                                "contentFormat",
                                false,
                                ContentFormat::byId,
                                Arrays.stream(ContentFormat.values())
                                    .map(ContentFormat::id)
                                    .toList())
                            .orElse(ContentFormat.APPLICATION_JSON),
                        "");
                  })
              .orElse(null);
      default -> null;
    };
  }

  private static FrameSpec readFrame(YamlMap m) {
    m.allowOnly(List.of("length", "header", "tail", "checksum"));
    int length = m.integer("length", true, 1, 1024).orElse(0L).intValue();
    byte[] header = bytes(m.integers("header", false, 0, 255).orElse(List.of()));
    byte[] tail = bytes(m.integers("tail", false, 0, 255).orElse(List.of()));
    if (length > 0 && header.length + tail.length >= length) {
      m.error("length", length + " leaves no room for fields between header and tail");
    }
    Checksum checksum =
        m.map("checksum", false)
            .map(c -> readChecksum(c, length, header, tail))
            .orElse(Checksum.NONE);
    return new FrameSpec(length, header, tail, checksum);
  }

  private static Checksum readChecksum(YamlMap c, int length, byte[] header, byte[] tail) {
    c.allowOnly(List.of("type", "from", "to", "at"));
    Optional<Checksum.Kind> kind =
        c.choice(
            "type",
            true,
            Checksum.Kind::byId,
            Arrays.stream(Checksum.Kind.values()).map(Checksum.Kind::id).toList());
    if (kind.isEmpty() || kind.get() == Checksum.Kind.NONE) {
      return Checksum.NONE;
    }
    int last = Math.max(0, length - 1);
    int from = c.integer("from", true, 0, last).orElse(0L).intValue();
    int to = c.integer("to", true, 0, last).orElse(0L).intValue();
    int at = c.integer("at", true, 0, last).orElse(0L).intValue();
    if (to < from) {
      c.error("to", to + " is before from (" + from + ")");
    }
    int width = kind.get().width();
    if (at + width > length - tail.length || at < header.length) {
      c.error(
          "at",
          kind.get()
              + " checksum at "
              + at
              + " does not fit between the header (ends at "
              + (header.length - 1)
              + ") and the tail (starts at "
              + (length - tail.length)
              + ")");
    } else if (at <= to && at + width > from) {
      c.error(
          "at",
          "the checksum at " + at + " overlaps the bytes it covers (" + from + ".." + to + ")");
    }
    return new Checksum(kind.get(), from, to, at);
  }

  private static byte[] bytes(List<Long> values) {
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).byteValue();
    }
    return out;
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
