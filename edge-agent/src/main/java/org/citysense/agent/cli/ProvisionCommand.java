package org.citysense.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.agent.config.ConfigEditor;
import org.citysense.agent.provision.AtomicFiles;
import org.citysense.agent.provision.CloudApi;
import org.citysense.agent.provision.CloudException;
import org.citysense.profiles.load.InvalidFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edge-agent provision}: enrolls the gateway with a one-time code, keeps its token in an
 * owner-only file and writes the cloud into the config (a new, commented config when there is none;
 * only {@code gateway.id}, {@code cloud.url} and {@code cloud.caFile} otherwise).
 */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = {
      "Enroll this gateway with the one-time code an operator made for its unit.",
      "The gateway's token goes to the config's tokenFile (default gateway-token",
      "beside the config), readable by its owner only; it is never printed.",
      "Without a config a new, commented one is written; in an existing one only",
      "gateway.id, cloud.url and cloud.caFile change, comments and all else stay."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent provision --cloud https://cloud.example.org --code 7KQ2-MX9D-4TBH-R3NW",
      "  edge-agent provision --cloud https://cloud.example.org --code 7KQ2-MX9D-4TBH-R3NW \\",
      "      --name \"pump house\" --config /etc/citysense-agent/agent.yaml \\",
      "      --ca-file ca.pem",
      "",
      "An unknown, used or expired code exits with 4 and the cloud's message;",
      "an unreachable cloud (network, DNS, timeout, TLS) with 3."
    })
final class ProvisionCommand implements Callable<Integer> {
  static final Duration TIMEOUT = Duration.ofSeconds(15);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--cloud",
      required = true,
      paramLabel = "URL",
      description = "The cloud's base URL, e.g. https://cloud.example.org.")
  String cloud;

  @Option(
      names = "--code",
      required = true,
      paramLabel = "CODE",
      description = "The one-time enrollment code (dashes and case do not matter).")
  String code;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "What the cloud calls this gateway (default: the host name).")
  String name;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.yaml",
      paramLabel = "FILE",
      description = "The config file to write or update (default ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "Trust exactly these certificates for HTTPS (a private CA, a self-signed cloud).")
  Path caFile;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path configFile = config.toAbsolutePath().normalize();
    Path dir = configFile.getParent();
    Path ca = caFile == null ? null : caFile.toAbsolutePath().normalize();
    CloudApi api;
    try {
      api = new CloudApi(cloud, ca, TIMEOUT);
    } catch (IllegalArgumentException e) {
      err.println("edge-agent: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    boolean exists = Files.exists(configFile);
    Path tokenFile = dir.resolve("gateway-token");
    if (exists) {
      try {
        var c = new AgentConfigLoader().load(config).config();
        if (c.cloud() != null) {
          tokenFile = c.cloud().tokenFile();
        }
      } catch (InvalidFileException e) {
        e.problems().forEach(err::println);
        err.println(
            "edge-agent: fix "
                + config
                + " first; the enrollment code was not used (it works only once)");
        return ExitCodes.INVALID;
      }
    }
    String notWritable = notWritable(dir, tokenFile.toAbsolutePath().getParent());
    if (notWritable != null) {
      err.println(
          "edge-agent: cannot write to "
              + notWritable
              + "; run as a user who can (the enrollment code was not used)");
      return ExitCodes.INVALID;
    }
    CloudApi.Enrolled enrolled;
    try {
      enrolled = api.enroll(code, name != null ? name : hostName());
    } catch (CloudException e) {
      err.println("edge-agent: " + e.getMessage());
      return e.kind() == CloudException.Kind.UNREACHABLE
          ? ExitCodes.CLOUD_UNREACHABLE
          : ExitCodes.CLOUD_REFUSED;
    }
    AtomicFiles.writeOwnerOnly(tokenFile, enrolled.token() + "\n");
    String text =
        exists
            ? updated(Files.readString(configFile), enrolled.gatewayId(), api.url(), ca, dir)
            : fresh(enrolled.gatewayId(), api.url(), ca, dir, tokenFile);
    AtomicFiles.write(configFile, text);
    out.printf(
        "gateway %s enrolled in unit %s; token in %s; config %s (%s)%n",
        enrolled.gatewayId(),
        enrolled.unitId(),
        tokenFile,
        configFile,
        exists ? "gateway.id and cloud updated" : "new");
    return ExitCodes.OK;
  }

  /** The first of {@code dirs} that cannot be created or written, or null. */
  private static String notWritable(Path... dirs) {
    for (Path d : dirs) {
      try {
        Files.createDirectories(d);
      } catch (IOException e) {
        return d.toString();
      }
      if (!Files.isWritable(d)) {
        return d.toString();
      }
    }
    return null;
  }

  static String updated(String text, String gatewayId, String url, Path ca, Path dir) {
    ConfigEditor editor =
        new ConfigEditor(text)
            .set(List.of("gateway", "id"), gatewayId)
            .set(List.of("cloud", "url"), url);
    if (ca != null) {
      editor.set(List.of("cloud", "caFile"), relative(dir, ca));
    }
    return editor.text();
  }

  static String fresh(String gatewayId, String url, Path ca, Path dir, Path tokenFile) {
    String caLine =
        ca == null
            ? "  # caFile: ca.pem               # the cloud's CA, when it is not a public one\n"
            : "  caFile: " + ConfigEditor.scalar(relative(dir, ca)) + "\n";
    return "# The citysense edge agent's config, written by `edge-agent provision`.\n"
        + "# Reference: docs/agent.md. Relative paths are relative to this file.\n"
        + "# Add devices with `edge-agent device add`; a running agent picks changes up.\n"
        + "\n"
        + "gateway:\n"
        + "  id: "
        + ConfigEditor.scalar(gatewayId)
        + "                  # given by the cloud at enrollment\n"
        + "\n"
        + "# the agent's state: sequence numbers and the durable buffer\n"
        + "dataDir: data\n"
        + "\n"
        + "# the local status endpoint: GET http://127.0.0.1:8780/status (port -1: none)\n"
        + "status: {host: 127.0.0.1, port: 8780}\n"
        + "\n"
        + "cloud:\n"
        + "  url: "
        + ConfigEditor.scalar(url)
        + "\n"
        + "  tokenFile: "
        + ConfigEditor.scalar(relative(dir, tokenFile.toAbsolutePath()))
        + "        # the gateway's token, owner-only\n"
        + caLine
        + "  transport: http\n"
        + "\n"
        + "# the durable buffer: past maxSize the oldest non-alarm readings are dropped\n"
        + "buffer: {maxSize: 512MB, segmentSize: 8MB, syncEvery: 100ms}\n"
        + "\n"
        + "# device instances (docs/profiles.md); `edge-agent device add` appends here\n"
        + "devices: []\n";
  }

  /** {@code file} relative to the config's folder when it is inside it, else absolute. */
  private static String relative(Path dir, Path file) {
    return file.startsWith(dir) ? dir.relativize(file).toString() : file.toString();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "gateway";
    }
  }
}
