package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.agent.cli.EdgeAgentCli;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The installer's commands against the real cloud-ingest: {@code edge-agent provision} with an
 * enrollment code an operator made ({@code POST /api/v1/enrollments}), then {@code edge-agent
 * device add}, registered with the gateway's own token. The code works once; a device the cloud
 * refuses leaves the config as it was.
 */
class ProvisionIT {
  private static final String COMMUNITY = "c-provision";
  private static final Pattern ENROLLED =
      Pattern.compile("gateway (\\S+) enrolled in unit (\\S+); token in (\\S+);");

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = EdgeAgentCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void provisionsWithARealCodeAndAddsADevice() throws Exception {
    try (Cloud cloud = Cloud.start(dir, Map.of())) {
      cloud.community(COMMUNITY);
      String code =
          cloud.post("/api/v1/enrollments", Map.of("unitId", COMMUNITY)).get("code").asText();
      Path config = dir.resolve("gateway/agent.yaml");
      Files.createDirectories(config.getParent());

      Run provision =
          cli(
              "provision",
              "--cloud",
              cloud.baseUrl(),
              "--code",
              code.toLowerCase(),
              "--name",
              "system test gateway",
              "--config",
              config.toString());

      assertThat(provision.exit()).as(provision + "\n" + cloud.tails()).isZero();
      Matcher m = ENROLLED.matcher(provision.out());
      assertThat(m.find()).as(provision.out()).isTrue();
      String gatewayId = m.group(1);
      assertThat(m.group(2)).isEqualTo(COMMUNITY);
      Path tokenFile = Path.of(m.group(3));
      String token = Files.readString(tokenFile).strip();
      assertThat(provision.out() + provision.err()).doesNotContain(token);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");
      AgentConfig c = new AgentConfigLoader().load(config).config();
      assertThat(c.gatewayId()).isEqualTo(gatewayId);
      assertThat(c.cloud().url()).isEqualTo(cloud.baseUrl());
      JsonNode gateway = cloud.gatewayView(gatewayId);
      assertThat(gateway.get("unitId").asText()).isEqualTo(COMMUNITY);
      assertThat(gateway.get("name").asText()).isEqualTo("system test gateway");

      Run again =
          cli(
              "provision",
              "--cloud",
              cloud.baseUrl(),
              "--code",
              code,
              "--config",
              dir.resolve("other/agent.yaml").toString());
      assertThat(again.exit()).as(again.toString()).isEqualTo(4);
      assertThat(again.err()).contains("(409, code)").contains("used already");
      Run unknown =
          cli(
              "provision",
              "--cloud",
              cloud.baseUrl(),
              "--code",
              "00000-00000",
              "--config",
              dir.resolve("other/agent.yaml").toString());
      assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(4);
      assertThat(unknown.err()).contains("(400, code): unknown enrollment code");

      Run add =
          cli(
              "device",
              "add",
              "pm-prov-1",
              "--profile",
              "pm25-rs485",
              "--modbus-tcp",
              "127.0.0.1:1502",
              "--unit-id",
              "3",
              "--unit",
              COMMUNITY,
              "--config",
              config.toString());

      assertThat(add.exit()).as(add + "\n" + cloud.tails()).isZero();
      JsonNode device = cloud.get("/api/v1/devices/pm-prov-1");
      assertThat(device.get("gatewayId").asText()).isEqualTo(gatewayId);
      assertThat(device.get("profile").asText()).isEqualTo("pm25-rs485");
      assertThat(device.get("unitId").asText()).isEqualTo(COMMUNITY);
      assertThat(new AgentConfigLoader().load(config).config().devices())
          .extracting(d -> d.id())
          .containsExactly("pm-prov-1");

      String before = Files.readString(config);
      Run refused =
          cli(
              "device",
              "add",
              "pm-prov-2",
              "--profile",
              "pm25-rs485",
              "--modbus-tcp",
              "127.0.0.1:1502",
              "--station",
              "st-nowhere",
              "--config",
              config.toString());
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.err()).contains("the cloud refused (400, stationId)");
      assertThat(Files.readString(config)).isEqualTo(before);
    }
  }
}
