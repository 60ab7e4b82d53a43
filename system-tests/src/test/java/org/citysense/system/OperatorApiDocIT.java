package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every checked example of docs/operator-api.md works against a cloud-ingest seeded like the demo
 * ({@link DemoLikeCommunity}), run by scripts/check-operator-api as a user would; the examples
 * leave contacts, staff and maintenance as they found them; and the checker does fail on a broken
 * example.
 */
class OperatorApiDocIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOC = ROOT.resolve("docs/operator-api.md");
  private static final Path CHECKER = ROOT.resolve("scripts/check-operator-api");

  @TempDir Path dir;

  /** What one run of the checker did. */
  private record Run(int exit, String output) {}

  @Test
  void everyExampleOfTheOperatorGuideWorksAndABrokenOneIsCaught() throws Exception {
    try (LocalSmsc smsc = LocalSmsc.start()) {
      Map<String, String> cloudEnv = DemoLikeCommunity.cloudEnv(smsc);
      try (Cloud cloud = Cloud.start(dir, cloudEnv)) {
        checkTheGuide(cloud, DemoLikeCommunity.seed(cloud, cloudEnv, smsc));
      }
    }
  }

  private void checkTheGuide(Cloud cloud, DemoLikeCommunity demo) throws Exception {
    Path env = demo.writeEnv(dir.resolve("citysense.env"));
    String contactsBefore = cloud.get("/api/v1/households/h-203/contacts").toString();
    String staffBefore = cloud.get("/api/v1/units/c-garden/staff").toString();
    long blocks = checkedBlocks(DOC);
    assertThat(blocks).as("checked examples in %s", DOC).isGreaterThanOrEqualTo(20);

    Run good = check(List.of("--verbose", env.toString()), cloud);
    System.out.println(good.output());
    assertThat(good.exit()).as("the checker's output:\n%s", good.output()).isZero();
    assertThat(good.output())
        .contains("all " + blocks + " examples worked")
        .doesNotContain("FAILED");
    // the fields the examples pick with jq are real: their values show (jq prints nothing or
    // "null" for a field that does not exist, and does not fail)
    assertThat(good.output())
        .contains("critical\tacknowledged\tgas-high\tpoint:gas-07/gas\tgas 35.0 %LEL")
        .contains("acknowledged\th-203\tgas 35.0 %LEL")
        .contains("grid_worker\tsmpp\t+86 139****9000\talarm\t0\t")
        .contains("\"status\":\"acknowledged\",\"acknowledgedBy\":\"op-east\"")
        .contains("\"assignee\":\"grid worker Zhang Wei\"")
        .contains("\"status\":\"resolved\",\"resolvedBy\":\"op-east\"")
        .contains("\"status\":409")
        .contains(":events of your units follow")
        .contains("\"closureRate\"")
        .contains("\"deviceId\":\"smoke-01\"")
        .contains("\"note\":\"battery change\"")
        .contains("st-river-1\tRiver gauge\t31.229\t121.482")
        .contains("{\"danger\":3.2,\"warning\":2.5}")
        .contains("pm-03\tpm2_5\t160\tµg/m³\t2027-03-15T")
        .contains("{\"id\":\"gas-07\",\"profile\":\"gas-lel-modbus\",\"householdId\":\"h-203\"")
        .contains("\tgas\t35\t%LEL\tgood")
        .contains("Li Na\t" + DemoLikeCommunity.GAS_FAMILY + "\tzh\t\ttrue")
        .contains("grid_worker\tZhang Wei\t+8613900139000\ttrue")
        .contains("gas-high\tthreshold\tcritical")
        .contains("pm25-above-neighbours\tneighbour\t")
        .contains("/api/v1/events/{id}/notifications")
        .contains("swagger-ui: 200");

    // the lifecycle walk closed one event, with the operator's steps in its audit
    JsonNode closed = cloud.get("/api/v1/events?status=closed").get("items");
    assertThat(closed).hasSize(1);
    JsonNode audit = cloud.get("/api/v1/events/" + closed.get(0).get("id").asLong()).get("audit");
    assertThat(audit.findValuesAsText("action"))
        .containsSubsequence("raised", "acknowledged", "assigned", "resolved", "closed");
    assertThat(audit.findValuesAsText("actor")).contains("op-east");
    // … and left the rest of the community as it was
    assertThat(cloud.get("/api/v1/households/h-203/contacts").toString()).isEqualTo(contactsBefore);
    assertThat(cloud.get("/api/v1/units/c-garden/staff").toString()).isEqualTo(staffBefore);
    assertThat(cloud.getStatus("/api/v1/devices/smoke-01/maintenance")).isEqualTo(404);

    // a wrong path in one example fails the check there, shows why, and runs nothing after it
    String text = Files.readString(DOC, StandardCharsets.UTF_8);
    String right = "\"$CITYSENSE_URL/api/v1/kpis?unit=d-east\"";
    assertThat(text).contains(right);
    Path broken = dir.resolve("broken-operator-api.md");
    Files.writeString(broken, text.replace(right, "\"$CITYSENSE_URL/api/v1/kpi?unit=d-east\""));
    Run bad = check(List.of("--doc", broken.toString(), env.toString()), cloud);
    assertThat(bad.exit()).as("the checker's output:\n%s", bad.output()).isEqualTo(1);
    assertThat(bad.output())
        .contains("FAILED")
        .contains("6. How the shift went: KPIs")
        .contains("/api/v1/kpi?unit=d-east")
        .contains("NOT RUN")
        .doesNotContain("all " + blocks + " examples worked");
  }

  /** The ```bash blocks of the document, those the checker must run. */
  private static long checkedBlocks(Path doc) throws IOException {
    return Files.readAllLines(doc, StandardCharsets.UTF_8).stream()
        .filter(line -> line.strip().equals("```bash"))
        .count();
  }

  /** Runs the checker as a process, its stdout and stderr together. */
  private Run check(List<String> args, Cloud cloud) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "check-", ".out");
    List<String> command = new java.util.ArrayList<>(List.of("bash", CHECKER.toString()));
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile());
    // only what the env file says: none of the caller's CITYSENSE_* may help
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("CITYSENSE_") || k.endsWith("_TOKEN"));
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(
          "the checker did not end within 5 minutes:\n"
              + Files.readString(out, StandardCharsets.UTF_8)
              + "\n"
              + cloud.tails());
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }
}
