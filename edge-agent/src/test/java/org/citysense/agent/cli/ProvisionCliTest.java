package org.citysense.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisionCliTest {
  @TempDir Path dir;
  private FakeCloud cloud;
  private Path config;

  @BeforeEach
  void start() throws IOException {
    cloud = new FakeCloud();
    config = dir.resolve("agent.yaml");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private CliRun provision(String code, String... more) {
    String[] base = {
      "provision", "--cloud", cloud.url(), "--code", code, "--config", config.toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.of(args);
  }

  @Test
  void enrollsAndWritesAFreshCommentedConfigAndAnOwnerOnlyToken() throws Exception {
    CliRun run = provision("7kq2m-x9d4t", "--name", "pump house");

    assertThat(run.exit()).as(run.toString()).isZero();
    Path token = dir.resolve("gateway-token");
    assertThat(run.out())
        .isEqualTo(
            "gateway gw-0007 enrolled in unit c-001; token in "
                + token
                + "; config "
                + config
                + " (new)\n");
    assertThat(run.out() + run.err()).doesNotContain(FakeCloud.TOKEN);
    assertThat(Files.readString(token).strip()).isEqualTo(FakeCloud.TOKEN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    assertThat(cloud.enrollments).hasSize(1);
    assertThat(cloud.enrollments.get(0).path("code").asText()).isEqualTo("7kq2m-x9d4t");
    assertThat(cloud.enrollments.get(0).path("name").asText()).isEqualTo("pump house");

    String text = Files.readString(config);
    assertThat(text).contains("# ").contains("devices: []").doesNotContain(FakeCloud.TOKEN);
    AgentConfig c = new AgentConfigLoader().load(config).config();
    assertThat(c.gatewayId()).isEqualTo("gw-0007");
    assertThat(c.cloud().url()).isEqualTo(cloud.url());
    assertThat(c.cloud().tokenFile()).isEqualTo(token);
    assertThat(c.cloud().caFile()).isNull();
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.buffer()).isEqualTo(AgentConfig.Buffer.DEFAULT);
    assertThat(c.devices()).isEmpty();
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("agent.yaml", "gateway-token");
  }

  @Test
  void updatesOnlyTheGatewayAndCloudOfAnExistingConfig() throws Exception {
    Files.createDirectories(dir.resolve("secrets"));
    String before =
        "# pump house gateway\n"
            + "gateway:\n"
            + "  id: gw-old          # replaced at enrollment\n"
            + "dataDir: state        # keep\n"
            + "status: {port: -1}\n"
            + "cloud: {url: http://old.example, tokenFile: secrets/token, batchSize: 100}\n"
            + "devices:\n"
            + "  - {id: smoke-1, profile: smoke-nbiot-mqtt, mqtt: {}}   # hall\n";
    Files.writeString(config, before);

    CliRun run = provision("7KQ2MX9D4T");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out()).contains("token in " + dir.resolve("secrets/token"));
    assertThat(Files.readString(config))
        .isEqualTo(before.replace("gw-old", "gw-0007").replace("http://old.example", cloud.url()));
    assertThat(Files.readString(dir.resolve("secrets/token")).strip()).isEqualTo(FakeCloud.TOKEN);
    AgentConfig c = new AgentConfigLoader().load(config).config();
    assertThat(c.cloud().batchSize()).isEqualTo(100);
    assertThat(c.devices()).hasSize(1);
  }

  @Test
  void provisionsTheShippedExampleConfigChangingTwoValuesOnly() throws Exception {
    String example = Files.readString(Path.of("src/dist/etc/agent.yaml.example"));
    Files.writeString(config, example);

    CliRun run = provision("7KQ2MX9D4T");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(Files.readString(config))
        .isEqualTo(
            example
                .replace("id: gw-not-provisioned", "id: gw-0007")
                .replace("url: https://cloud.example.org", "url: " + cloud.url()));
    assertThat(dir.resolve("gateway-token")).exists();

    CliRun add =
        CliRun.of(
            "device",
            "add",
            "pm-1",
            "--profile",
            "pm25-rs485",
            "--modbus-tcp",
            "192.0.2.10",
            "--config",
            config.toString());
    assertThat(add.exit()).as(add.toString()).isZero();
    assertThat(Files.readString(config))
        .endsWith(
            "#   - {id: gas-101, profile: gas-lel-modbus, modbus-rtu: {port: /dev/ttyUSB0, unitId:"
                + " 7}, household: h-101}\n"
                + "devices:\n"
                + "  - {id: pm-1, profile: pm25-rs485, modbus-tcp: {host: 192.0.2.10, unitId: 1}}\n");
  }

  @Test
  void addsTheCloudToAConfigWithoutOne() throws Exception {
    Files.writeString(config, "gateway: {id: gw-x}\noutput: readings.jsonl\ndevices: []\n");

    CliRun run = provision("7KQ2MX9D4T");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(Files.readString(config))
        .isEqualTo(
            "gateway: {id: gw-0007}\noutput: readings.jsonl\ndevices: []\ncloud: {url: "
                + cloud.url()
                + "}\n");
    assertThat(dir.resolve("gateway-token")).exists();
  }

  @Test
  void anUnknownCodeIsRefusedWithTheCloudsMessage() {
    CliRun run = provision("NOPE1-NOPE1");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err())
        .isEqualTo(
            "edge-agent: the cloud refused (400, code): unknown enrollment code; check it, or ask"
                + " the operator for a new one\n");
    assertThat(config).doesNotExist();
    assertThat(dir.resolve("gateway-token")).doesNotExist();
  }

  @Test
  void aUsedCodeIsRefused() {
    CliRun run = provision("USED0-USED0");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err()).contains("(409, code): this enrollment code was used already");
    assertThat(config).doesNotExist();
  }

  @Test
  void anExpiredCodeIsRefused() {
    CliRun run = provision("OLD00-OLD00");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(run.err()).contains("(410, code): this enrollment code expired at");
    assertThat(config).doesNotExist();
  }

  @Test
  void aCodeWorksOnce() {
    assertThat(provision("7KQ2MX9D4T").exit()).isZero();
    CliRun again = provision("7KQ2MX9D4T");
    assertThat(again.exit()).isEqualTo(ExitCodes.CLOUD_REFUSED);
    assertThat(again.err()).contains("used already");
  }

  @Test
  void anUnreachableCloudExitsWith3() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;

    CliRun run =
        CliRun.of("provision", "--cloud", url, "--code", "7KQ2MX9D4T", "--config", config + "");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_UNREACHABLE);
    assertThat(run.err())
        .isEqualTo(
            "edge-agent: cannot reach the cloud at "
                + url
                + ": connection refused at 127.0.0.1:"
                + closed
                + "\n");
    assertThat(config).doesNotExist();
  }

  @Test
  void anUnknownHostIsUnreachable() {
    CliRun run =
        CliRun.of(
            "provision",
            "--cloud",
            "http://cloud.invalid",
            "--code",
            "7KQ2MX9D4T",
            "--config",
            config.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_UNREACHABLE);
    assertThat(run.err())
        .isEqualTo(
            "edge-agent: cannot reach the cloud at http://cloud.invalid: unknown host"
                + " cloud.invalid (DNS)\n");
  }

  @Test
  void aTlsFailureHintsAtTheCaFile() throws Exception {
    SelfSigned cert = SelfSigned.in(dir);
    try (FakeCloud https = new FakeCloud(cert.serverContext())) {
      CliRun run =
          CliRun.of(
              "provision",
              "--cloud",
              https.url(),
              "--code",
              "7KQ2MX9D4T",
              "--config",
              config.toString());

      assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.CLOUD_UNREACHABLE);
      assertThat(run.err())
          .startsWith("edge-agent: cannot reach the cloud at " + https.url() + ": TLS failed")
          .contains("--ca-file");
      assertThat(https.enrollments).isEmpty();
    }
  }

  @Test
  void trustsTheCaFileAndWritesItIntoTheConfig() throws Exception {
    SelfSigned cert = SelfSigned.in(dir);
    try (FakeCloud https = new FakeCloud(cert.serverContext())) {
      CliRun run =
          CliRun.of(
              "provision",
              "--cloud",
              https.url(),
              "--code",
              "7KQ2MX9D4T",
              "--config",
              config.toString(),
              "--ca-file",
              cert.pem().toString());

      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(Files.readString(config)).contains("  caFile: cloud-ca.pem\n");
      assertThat(new AgentConfigLoader().load(config).config().cloud().caFile())
          .isEqualTo(cert.pem());
    }
  }

  @Test
  void anInvalidExistingConfigIsReportedAndTheCodeIsNotSpent() throws Exception {
    Files.writeString(config, "gateway: {id: gw-1}\npolling: {timeout: soon}\ndevices: []\n");

    CliRun run = provision("7KQ2MX9D4T");

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains(config + ":2: polling.timeout: ").contains("was not used");
    assertThat(cloud.enrollments).isEmpty();
  }

  @Test
  void aCloudUrlThatIsNotHttpIsInvalid() {
    CliRun run =
        CliRun.of(
            "provision", "--cloud", "ftp://cloud", "--code", "X", "--config", config.toString());

    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("must be http(s)://host[:port][/path], not \"ftp://cloud\"");
  }

  @Test
  void aMissingCodeIsAUsageError() {
    CliRun run = CliRun.of("provision", "--cloud", cloud.url());
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Missing required option: '--code=CODE'");
  }

  @Test
  void helpShowsExamplesAndExitCodes() {
    CliRun run = CliRun.of("provision", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("--cloud=URL")
        .contains("edge-agent provision --cloud https://cloud.example.org --code")
        .contains("Exit codes: 0 done, 1 a file, device or value is not valid");
  }
}
