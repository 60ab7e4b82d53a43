package org.citysense.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.load.DeviceReader;
import org.citysense.profiles.load.Issues;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.load.YamlFiles;
import org.citysense.profiles.load.YamlMap;

/**
 * Reads the agent's config file with the same line-precise errors as profiles:
 *
 * <pre>
 * gateway: {id: gw-0001}
 * dataDir: /var/lib/citysense-agent
 * profilesDir: /etc/citysense-agent/profiles     # optional
 * status: {host: 127.0.0.1, port: 8780}
 * output: stdout                                 # or a file path (JSON lines)
 * mqtt: {broker: tcp://127.0.0.1:1883}           # or {embedded: {host: 127.0.0.1, port: 1883}}
 * polling: {timeout: 1s, retries: 1, retryBackoff: 100ms, maxGap: 8, offlineAfter: 3,
 *           offlinePollEvery: 30s, queueCapacity: 64}
 * stuck: {samples: 20, duration: 30m}
 * cloud: {url: https://cloud.example.org, tokenFile: gateway-token, caFile: ca.pem,
 *         transport: http, batchSize: 500, linger: 1s, timeout: 10s, minBackoff: 1s,
 *         maxBackoff: 5m}                        # without it readings go to output
 * buffer: {maxSize: 512MB, segmentSize: 8MB, syncEvery: 100ms}
 * devices: [...]                                 # device instances, as in docs/profiles.md
 * </pre>
 */
public final class AgentConfigLoader {
  private static final List<String> FIELDS =
      List.of(
          "gateway",
          "dataDir",
          "profilesDir",
          "status",
          "output",
          "mqtt",
          "polling",
          "stuck",
          "cloud",
          "buffer",
          "devices");

  /** Reads {@code file}; its profilesDir (relative to the file) extends the bundled profiles. */
  public Loaded load(Path file) {
    return parse(file.toString(), YamlFiles.read(file), file.toAbsolutePath().getParent());
  }

  /** A config and the profiles its devices were checked against. */
  public record Loaded(AgentConfig config, ProfileCatalog profiles) {}

  /**
   * Where the agent's status endpoint listens, by the config's {@code status:} section.
   *
   * @param port -1 when the agent serves no status
   */
  public record StatusEndpoint(String host, int port) {}

  /**
   * The status endpoint of {@code file}, read from its {@code status:} section alone: {@code
   * edge-agent status} must work while the rest of the file is being edited.
   */
  public StatusEndpoint statusEndpoint(Path file) {
    Issues issues = new Issues(file.toString());
    StatusEndpoint endpoint =
        YamlFiles.root(issues, YamlFiles.read(file)).map(AgentConfigLoader::status).orElse(null);
    issues.throwIfAny();
    return endpoint;
  }

  private static StatusEndpoint status(YamlMap doc) {
    Optional<YamlMap> status = doc.map("status", false);
    if (status.isEmpty()) {
      return new StatusEndpoint("127.0.0.1", 8780);
    }
    status.get().allowOnly(List.of("host", "port"));
    return new StatusEndpoint(
        status.get().string("host", false).orElse("127.0.0.1"),
        status.get().integer("port", false, -1, 65_535).orElse(8780L).intValue());
  }

  public Loaded parse(String fileName, String text, Path baseDir) {
    Issues issues = new Issues(fileName);
    Optional<YamlMap> root = YamlFiles.root(issues, text);
    if (root.isEmpty()) {
      issues.throwIfAny();
    }
    YamlMap doc = root.get();
    doc.allowOnly(FIELDS);
    String gatewayId =
        doc.map("gateway", true)
            .flatMap(
                g -> {
                  g.allowOnly(List.of("id"));
                  return g.string("id", true);
                })
            .orElse("");
    Path dataDir = baseDir.resolve(doc.string("dataDir", false).orElse("data"));
    Path profilesDir = doc.string("profilesDir", false).map(baseDir::resolve).orElse(null);
    ProfileCatalog profiles = ProfileCatalog.bundled();
    if (profilesDir != null) {
      if (profilesDir.toFile().isDirectory()) {
        profiles = ProfileCatalog.withFolder(profilesDir);
      } else {
        doc.error("profilesDir", "\"" + profilesDir + "\" is not a folder");
      }
    }
    StatusEndpoint status = status(doc);
    String output = doc.string("output", false).orElse("stdout");
    if (!output.equals("stdout")) {
      output = baseDir.resolve(output).toString(); // like dataDir, relative to the config file
    }
    AgentConfig.Mqtt mqtt =
        doc.map("mqtt", false).map(AgentConfigLoader::mqtt).orElse(AgentConfig.Mqtt.NONE);
    AgentConfig.Polling polling =
        doc.map("polling", false)
            .map(AgentConfigLoader::polling)
            .orElse(AgentConfig.Polling.DEFAULT);
    AgentConfig.Stuck stuck =
        doc.map("stuck", false).map(AgentConfigLoader::stuck).orElse(AgentConfig.Stuck.DEFAULT);
    AgentConfig.Cloud cloud = doc.map("cloud", false).map(c -> cloud(c, baseDir)).orElse(null);
    AgentConfig.Buffer buffer =
        doc.map("buffer", false).map(b -> buffer(b, baseDir)).orElse(AgentConfig.Buffer.DEFAULT);
    BusSettingsCheck buses = new BusSettingsCheck();
    List<DeviceInstance> devices =
        new DeviceReader(profiles).readList(doc, "devices", List.of(), buses::check);
    issues.throwIfAny();
    return new Loaded(
        new AgentConfig(
            gatewayId,
            dataDir,
            profilesDir,
            status.host(),
            status.port(),
            output,
            mqtt,
            polling,
            stuck,
            cloud,
            buffer,
            devices),
        profiles);
  }

  private static AgentConfig.Cloud cloud(YamlMap c, Path baseDir) {
    c.allowOnly(
        List.of(
            "url",
            "tokenFile",
            "caFile",
            "transport",
            "mqttBroker",
            "batchSize",
            "linger",
            "timeout",
            "minBackoff",
            "maxBackoff"));
    String transport =
        c.string("transport", false, Pattern.compile("http|mqtt"), "http or mqtt").orElse("http");
    String url =
        c.string(
                "url",
                transport.equals("http"),
                Pattern.compile("https?://[^\\s/]+(/.*)?"),
                "an http:// or https:// URL")
            .orElse("");
    String broker = c.string("mqttBroker", transport.equals("mqtt")).orElse(null);
    Path caFile = c.string("caFile", false).map(baseDir::resolve).orElse(null);
    if (caFile != null && !Files.isReadable(caFile)) {
      c.error("caFile", "\"" + caFile + "\" cannot be read");
    }
    return new AgentConfig.Cloud(
        url.endsWith("/") ? url.substring(0, url.length() - 1) : url,
        baseDir.resolve(c.string("tokenFile", false).orElse("gateway-token")),
        caFile,
        transport,
        broker,
        c.integer("batchSize", false, 1, 10_000).orElse(500L).intValue(),
        c.duration("linger", false).orElse(Duration.ofSeconds(1)),
        c.duration("timeout", false).orElse(Duration.ofSeconds(10)),
        c.duration("minBackoff", false).orElse(Duration.ofSeconds(1)),
        c.duration("maxBackoff", false).orElse(Duration.ofMinutes(5)));
  }

  private static AgentConfig.Buffer buffer(YamlMap b, Path baseDir) {
    b.allowOnly(List.of("maxSize", "segmentSize", "syncEvery", "auditFile"));
    AgentConfig.Buffer d = AgentConfig.Buffer.DEFAULT;
    long max = size(b, "maxSize").orElse(d.maxBytes());
    long segment = size(b, "segmentSize").orElse(Math.min(d.segmentBytes(), max / 8));
    if (segment > max) {
      b.error("segmentSize", "is larger than maxSize (" + max + " bytes)");
    }
    return new AgentConfig.Buffer(
        max,
        segment,
        b.duration("syncEvery", false).orElse(d.syncEvery()),
        b.string("auditFile", false).map(baseDir::resolve).orElse(null));
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?");

  /** A size like {@code 512MB}, {@code 64KB} or a number of bytes (at least 4 KB). */
  private static Optional<Long> size(YamlMap map, String key) {
    Optional<String> text = map.string(key, false);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = SIZE.matcher(text.get().strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) {
      map.error(key, "\"" + text.get() + "\" is not a size like 64MB, 512KB or 1GB");
      return Optional.empty();
    }
    long unit =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KB" -> 1024L;
          case "MB" -> 1024L * 1024;
          case "GB" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    long bytes = Long.parseLong(m.group(1)) * unit;
    if (bytes < 4096) {
      map.error(key, "must be at least 4KB");
      return Optional.empty();
    }
    return Optional.of(bytes);
  }

  private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1", "localhost");

  private static AgentConfig.Mqtt mqtt(YamlMap m) {
    m.allowOnly(List.of("broker", "embedded"));
    if (m.has("broker") && m.has("embedded")) {
      m.error("embedded", "give broker (an existing one) or embedded (the agent's own), not both");
    }
    if (m.has("embedded")) {
      return m.map("embedded", true)
          .map(
              e -> {
                e.allowOnly(List.of("host", "port"));
                String host = e.string("host", false).orElse("127.0.0.1");
                if (!LOOPBACK.contains(host)) {
                  e.error(
                      "host",
                      "\""
                          + host
                          + "\": the agent's own broker takes anonymous clients, so it listens on"
                          + " this machine only (127.0.0.1, ::1 or localhost); for devices on the"
                          + " network run a broker with accounts (e.g. Mosquitto) and give"
                          + " broker: tcp://HOST:1883");
                }
                return new AgentConfig.Mqtt(
                    null, host, e.integer("port", false, 0, 65_535).orElse(1883L).intValue());
              })
          .orElse(AgentConfig.Mqtt.NONE);
    }
    return new AgentConfig.Mqtt(m.string("broker", true).orElse(null), null, -1);
  }

  private static AgentConfig.Polling polling(YamlMap p) {
    p.allowOnly(
        List.of(
            "timeout",
            "retries",
            "retryBackoff",
            "maxGap",
            "offlineAfter",
            "offlinePollEvery",
            "queueCapacity"));
    AgentConfig.Polling d = AgentConfig.Polling.DEFAULT;
    DriverSettings driver =
        new DriverSettings(
            p.duration("timeout", false).orElse(d.driver().timeout()),
            p.integer("retries", false, 0, 10).orElse((long) d.driver().retries()).intValue(),
            p.duration("retryBackoff", false).orElse(d.driver().retryBackoff()),
            p.integer("maxGap", false, 0, 124).orElse((long) d.driver().maxGap()).intValue());
    return new AgentConfig.Polling(
        driver,
        p.integer("offlineAfter", false, 1, 1000).orElse((long) d.offlineAfter()).intValue(),
        p.duration("offlinePollEvery", false).orElse(d.offlinePollEvery()),
        p.integer("queueCapacity", false, 1, 100_000).orElse((long) d.queueCapacity()).intValue());
  }

  private static AgentConfig.Stuck stuck(YamlMap s) {
    s.allowOnly(List.of("samples", "duration"));
    Duration duration = s.duration("duration", false).orElse(AgentConfig.Stuck.DEFAULT.duration());
    int samples =
        s.integer("samples", false, 2, 1_000_000)
            .orElse((long) AgentConfig.Stuck.DEFAULT.samples())
            .intValue();
    return new AgentConfig.Stuck(samples, duration);
  }
}
