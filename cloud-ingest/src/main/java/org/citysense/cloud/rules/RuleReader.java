package org.citysense.cloud.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Issues;
import org.citysense.profiles.load.YamlFiles;
import org.citysense.profiles.load.YamlMap;

/**
 * Reads a rule file (YAML, or JSON, which is YAML too) into a {@link RuleSet}. Every problem is
 * reported at once as {@code file:line: path: message}; nothing half-valid is returned. The format
 * is described in {@code docs/rules.md}.
 */
public final class RuleReader {
  /** The rule file bundled with the service, on the classpath. */
  public static final String BUNDLED = "/rules/default-rules.yaml";

  static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Asia/Shanghai");
  static final Duration DEFAULT_LATE_AFTER = Duration.ofMinutes(10);
  static final Map<Severity, Duration> DEFAULT_SLA =
      Map.of(
          Severity.CRITICAL, Duration.ofMinutes(15),
          Severity.MAJOR, Duration.ofHours(1),
          Severity.MINOR, Duration.ofHours(4),
          Severity.INFO, Duration.ofHours(24));

  private static final List<String> TOP_FIELDS = List.of("timeZone", "lateAfter", "sla", "rules");
  private static final List<String> COMMON_FIELDS =
      List.of("id", "type", "severity", "autoResolve");
  private static final List<RuleType> FILE_TYPES =
      Arrays.stream(RuleType.values()).filter(t -> t != RuleType.EDGE).toList();
  private static final List<String> SEVERITY_IDS =
      Arrays.stream(Severity.values()).map(Severity::id).toList();

  /**
   * Parses a rule file's text.
   *
   * @param fileName names the file in problems
   * @throws InvalidFileException with every problem found
   */
  public RuleSet read(String fileName, String text) {
    Issues issues = new Issues(fileName);
    Optional<RuleSet> set = YamlFiles.root(issues, text).map(RuleReader::readDocument);
    issues.throwIfAny();
    return set.orElseThrow();
  }

  /** The rule file bundled with the service ({@value #BUNDLED}), read afresh on every call. */
  public RuleSet bundledDefaults() {
    try (InputStream in = RuleReader.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("no " + BUNDLED + " on the classpath");
      }
      return read(BUNDLED.substring(1), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUNDLED, e);
    }
  }

  static Optional<RuleType> fileType(String id) {
    return FILE_TYPES.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  static Optional<Severity> severity(String id) {
    return Arrays.stream(Severity.values()).filter(s -> s.id().equals(id)).findFirst();
  }

  private static RuleSet readDocument(YamlMap doc) {
    doc.allowOnly(TOP_FIELDS);
    ZoneId zone =
        doc.string("timeZone", false).flatMap(z -> zone(doc, z)).orElse(DEFAULT_TIME_ZONE);
    Duration lateAfter = doc.duration("lateAfter", false).orElse(DEFAULT_LATE_AFTER);
    Map<Severity, Duration> sla =
        doc.map("sla", false).map(RuleReader::readSla).orElse(DEFAULT_SLA);
    return new RuleSet(zone, lateAfter, sla, readRules(doc));
  }

  private static Optional<ZoneId> zone(YamlMap doc, String text) {
    try {
      return Optional.of(ZoneId.of(text));
    } catch (DateTimeException e) {
      doc.error(
          "timeZone",
          "\"" + text + "\" is not a time zone (a region such as Asia/Shanghai, or UTC)");
      return Optional.empty();
    }
  }

  private static Map<Severity, Duration> readSla(YamlMap m) {
    m.allowOnly(SEVERITY_IDS);
    Map<Severity, Duration> sla = new EnumMap<>(DEFAULT_SLA);
    for (Severity severity : Severity.values()) {
      m.duration(severity.id(), false).ifPresent(d -> sla.put(severity, d));
    }
    return sla;
  }

  private static List<Rule> readRules(YamlMap doc) {
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> firstLines = new HashMap<>();
    for (YamlMap.Item item : doc.list("rules", true)) {
      item.asMap(doc.issues())
          .ifPresent(
              m -> {
                readRule(m).ifPresent(rules::add);
                m.string("id", false)
                    .ifPresent(
                        id -> {
                          Integer first = firstLines.putIfAbsent(id, Issues.lineOf(m.node("id")));
                          if (first != null) {
                            m.error(
                                "id",
                                "\""
                                    + id
                                    + "\" is already used (line "
                                    + first
                                    + "); rule ids are unique in a file");
                          }
                        });
              });
    }
    return rules;
  }

  private static Optional<Rule> readRule(YamlMap m) {
    Optional<String> id =
        m.string(
            "id",
            true,
            RULE_ID,
            "lower-case letters, digits, '_' and '-', starting with a letter or digit; at most 64");
    Optional<RuleType> type =
        m.choice(
            "type", true, RuleReader::fileType, FILE_TYPES.stream().map(RuleType::id).toList());
    Optional<Severity> severity = m.choice("severity", false, RuleReader::severity, SEVERITY_IDS);
    boolean autoResolve = m.bool("autoResolve", false).orElse(true);
    if (type.isEmpty()) {
      return Optional.empty(); // its parameters cannot be checked without knowing the type
    }
    List<String> allowed = new ArrayList<>(COMMON_FIELDS);
    allowed.addAll(RuleParameters.fields(type.get()));
    m.allowOnly(allowed);
    return Optional.of(
        RuleParameters.read(
            type.get(),
            m,
            id.orElse(""),
            severity.orElse(RuleParameters.defaultSeverity(type.get())),
            autoResolve));
  }
}
