package org.citysense.cloud.rules;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.profiles.load.YamlMap;
import org.citysense.profiles.quantity.Quantity;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the parameters of one rule type from a rule's mapping, with their defaults. Problems go to
 * the mapping's issues; the rule returned then carries defaults and is never used, because the
 * reader throws once the whole file has been read.
 */
final class RuleParameters {
  static final Pattern LEVEL_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  static final Pattern ACTIVE_HOURS =
      Pattern.compile("((?:[01]\\d|2[0-3]):[0-5]\\d)-((?:[01]\\d|2[0-3]):[0-5]\\d)");
  static final long MAX_SECONDS = 604_800; // a week
  static final String ACTIVE_HOURS_DEFAULT = "06:00-22:00";

  private RuleParameters() {}

  /** The parameter names a rule of {@code type} may have besides the common ones. */
  static List<String> fields(RuleType type) {
    return switch (type) {
      case THRESHOLD -> List.of("quantity", "above", "below", "forSeconds", "clearAt");
      case NEIGHBOUR ->
          List.of("quantity", "k", "ratio", "window", "quorum", "maxDistanceKm", "minExcess");
      case RATE -> List.of("quantity", "risePerHour", "fallPerHour", "window");
      case NO_CONSUMPTION -> List.of("quantity", "hours", "activeHours", "minIncrease", "maxStep");
      case OFFLINE -> List.of("minSeconds", "gatewaySeconds");
      case BATTERY -> List.of("below", "clearAt");
      case STATE -> List.of("quantity");
      case EDGE -> List.of();
    };
  }

  static Severity defaultSeverity(RuleType type) {
    return switch (type) {
      case OFFLINE, BATTERY -> Severity.MINOR;
      case STATE -> Severity.CRITICAL;
      default -> Severity.MAJOR;
    };
  }

  static Rule read(RuleType type, YamlMap m, String id, Severity severity, boolean autoResolve) {
    return switch (type) {
      case THRESHOLD -> threshold(m, id, severity, autoResolve);
      case NEIGHBOUR -> neighbour(m, id, severity, autoResolve);
      case RATE -> rate(m, id, severity, autoResolve);
      case NO_CONSUMPTION -> noConsumption(m, id, severity, autoResolve);
      case OFFLINE -> offline(m, id, severity, autoResolve);
      case BATTERY -> battery(m, id, severity, autoResolve);
      case STATE -> state(m, id, severity, autoResolve);
      case EDGE -> throw new IllegalArgumentException("edge is not a rule type of files");
    };
  }

  private static ThresholdRule threshold(
      YamlMap m, String id, Severity severity, boolean autoResolve) {
    Quantity quantity = numericQuantity(m, null).orElse(null);
    boolean above = m.has("above");
    String side = above ? "above" : "below";
    if (m.has("above") && m.has("below")) {
      m.error("below", "give above or below, not both");
    } else if (!m.has("above") && !m.has("below")) {
      m.issues().error(m.line(), m.path(), "give above or below");
    }
    Optional<Limit> limit = limit(m, side);
    long forSeconds = m.integer("forSeconds", false, 0, MAX_SECONDS).orElse(0L);
    Optional<Limit> clearAt = limit(m, "clearAt");
    if (limit.isPresent() && clearAt.isPresent() && !limit.get().isLevel()) {
      if (!clearAt.get().isLevel()) {
        double l = limit.get().value();
        double c = clearAt.get().value();
        if (above && c > l) {
          m.error(
              "clearAt",
              DurationText.number(c)
                  + " is above the limit "
                  + DurationText.number(l)
                  + "; an above rule clears at or below its limit");
        } else if (!above && c < l) {
          m.error(
              "clearAt",
              DurationText.number(c)
                  + " is below the limit "
                  + DurationText.number(l)
                  + "; a below rule clears at or above its limit");
        }
      }
    }
    return new ThresholdRule(
        id,
        severity,
        autoResolve,
        quantity,
        above,
        limit.orElse(null),
        Duration.ofSeconds(forSeconds),
        clearAt.orElse(null));
  }

  private static NeighbourRule neighbour(
      YamlMap m, String id, Severity severity, boolean autoResolve) {
    Quantity quantity = numericQuantity(m, Quantity.PM2_5).orElse(Quantity.PM2_5);
    int k = m.integer("k", false, 1, 50).orElse(3L).intValue();
    double ratio = number(m, "ratio", v -> v > 0, "must be greater than 0").orElse(0.30);
    Duration window = m.duration("window", false).orElse(Duration.ofMinutes(10));
    int quorum = m.integer("quorum", false, 1, 50).orElse((long) Math.min(3, k)).intValue();
    if (quorum > k) {
      m.error("quorum", quorum + " is more than k (" + k + "); a quorum is counted among k");
    }
    double maxDistanceKm =
        number(m, "maxDistanceKm", v -> v > 0, "must be greater than 0").orElse(10.0);
    double minExcess = number(m, "minExcess", v -> v >= 0, "must not be negative").orElse(0.0);
    return new NeighbourRule(
        id, severity, autoResolve, quantity, k, ratio, window, quorum, maxDistanceKm, minExcess);
  }

  private static RateRule rate(YamlMap m, String id, Severity severity, boolean autoResolve) {
    Quantity quantity = numericQuantity(m, null).orElse(null);
    if (m.has("risePerHour") && m.has("fallPerHour")) {
      m.error("fallPerHour", "give risePerHour or fallPerHour, not both");
    } else if (!m.has("risePerHour") && !m.has("fallPerHour")) {
      m.issues().error(m.line(), m.path(), "give risePerHour or fallPerHour");
    }
    Double rise = number(m, "risePerHour", v -> v > 0, "must be greater than 0").orElse(null);
    Double fall = number(m, "fallPerHour", v -> v > 0, "must be greater than 0").orElse(null);
    Duration window = m.duration("window", false).orElse(Duration.ofMinutes(30));
    return new RateRule(id, severity, autoResolve, quantity, rise, fall, window);
  }

  private static NoConsumptionRule noConsumption(
      YamlMap m, String id, Severity severity, boolean autoResolve) {
    Quantity quantity = numericQuantity(m, Quantity.WATER_VOLUME).orElse(Quantity.WATER_VOLUME);
    double hours = number(m, "hours", v -> v > 0, "must be greater than 0").orElse(12.0);
    LocalTime[] active = activeHours(m);
    double minIncrease =
        number(m, "minIncrease", v -> v >= 0, "must not be negative").orElse(0.001);
    double maxStep = number(m, "maxStep", v -> v > 0, "must be greater than 0").orElse(5.0);
    if (maxStep <= minIncrease) {
      m.error(
          "maxStep",
          DurationText.number(maxStep)
              + " must be greater than minIncrease ("
              + DurationText.number(minIncrease)
              + ")");
    }
    return new NoConsumptionRule(
        id,
        severity,
        autoResolve,
        quantity,
        Duration.ofMillis(Math.round(hours * 3_600_000)),
        active[0],
        active[1],
        minIncrease,
        maxStep);
  }

  private static LocalTime[] activeHours(YamlMap m) {
    String text =
        m.string(
                "activeHours",
                false,
                ACTIVE_HOURS,
                "write the hours as HH:MM-HH:MM, e.g. " + ACTIVE_HOURS_DEFAULT)
            .orElse(ACTIVE_HOURS_DEFAULT);
    Matcher hours = ACTIVE_HOURS.matcher(text);
    hours.matches();
    LocalTime from = LocalTime.parse(hours.group(1));
    LocalTime to = LocalTime.parse(hours.group(2));
    if (!from.isBefore(to)) {
      m.error("activeHours", "\"" + text + "\" must start before it ends, within one day");
    }
    return new LocalTime[] {from, to};
  }

  private static OfflineRule offline(YamlMap m, String id, Severity severity, boolean autoResolve) {
    long min = m.integer("minSeconds", false, 1, MAX_SECONDS).orElse(300L);
    long gateway = m.integer("gatewaySeconds", false, 1, MAX_SECONDS).orElse(600L);
    return new OfflineRule(
        id, severity, autoResolve, Duration.ofSeconds(min), Duration.ofSeconds(gateway));
  }

  private static BatteryRule battery(YamlMap m, String id, Severity severity, boolean autoResolve) {
    double below =
        number(m, "below", v -> v >= 0 && v <= 100, "is out of range 0..100").orElse(20.0);
    double clearAt =
        number(m, "clearAt", v -> v >= 0 && v <= 100, "is out of range 0..100")
            .orElse(Math.min(below + 5, 100));
    if (clearAt < below) {
      m.error(
          "clearAt",
          DurationText.number(clearAt)
              + " is below the limit "
              + DurationText.number(below)
              + "; a battery event clears at or above it");
    }
    return new BatteryRule(id, severity, autoResolve, below, clearAt);
  }

  private static StateRule state(YamlMap m, String id, Severity severity, boolean autoResolve) {
    Optional<Quantity> quantity = quantity(m, true);
    if (quantity.isPresent() && !quantity.get().isBoolean()) {
      m.error(
          "quantity",
          quantity.get()
              + " is not a boolean quantity; a state rule watches one of "
              + String.join(", ", booleanIds()));
    }
    return new StateRule(id, severity, autoResolve, quantity.orElse(null));
  }

  /** The quantity of a rule that compares numbers; required when there is no default. */
  private static Optional<Quantity> numericQuantity(YamlMap m, Quantity fallback) {
    Optional<Quantity> quantity = quantity(m, fallback == null);
    if (quantity.isPresent() && quantity.get().isBoolean()) {
      m.error("quantity", quantity.get() + " is a boolean quantity; use a state rule");
      return Optional.empty();
    }
    return quantity;
  }

  private static Optional<Quantity> quantity(YamlMap m, boolean required) {
    return m.choice("quantity", required, Quantity::byId, Quantity.ids());
  }

  private static List<String> booleanIds() {
    return Arrays.stream(Quantity.values()).filter(Quantity::isBoolean).map(Quantity::id).toList();
  }

  /** A number that must satisfy {@code ok}; {@code rule} says what is wrong when it does not. */
  private static Optional<Double> number(YamlMap m, String key, DoublePredicate ok, String rule) {
    Optional<Double> value = m.number(key, false);
    if (value.isPresent() && !ok.test(value.get())) {
      m.error(key, DurationText.number(value.get()) + " " + rule);
      return Optional.empty();
    }
    return value;
  }

  /** A limit: a number (also when quoted) or the name of a station level. */
  private static Optional<Limit> limit(YamlMap m, String key) {
    if (!m.has(key)) {
      return Optional.empty();
    }
    Node node = m.node(key);
    if (!(node instanceof ScalarNode scalar)
        || !(Tag.STR.equals(scalar.getTag())
            || Tag.INT.equals(scalar.getTag())
            || Tag.FLOAT.equals(scalar.getTag()))) {
      m.error(key, "expected a number or a station level name such as warning");
      return Optional.empty();
    }
    String text = scalar.getValue();
    if (Tag.STR.equals(scalar.getTag()) && LEVEL_NAME.matcher(text).matches()) {
      return Optional.of(Limit.level(text));
    }
    if (Tag.STR.equals(scalar.getTag()) && !looksNumeric(text)) {
      m.error(
          key,
          "\""
              + text
              + "\" is neither a number nor a station level name"
              + " (lower-case letters, digits, '_' and '-', starting with a letter)");
      return Optional.empty();
    }
    return m.number(key, false).map(Limit::of);
  }

  private static boolean looksNumeric(String text) {
    try {
      return Double.isFinite(Double.parseDouble(text.strip()));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
