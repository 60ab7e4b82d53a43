package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/demo's main in its short mode with --keep, as a child process on a free port: once the
 * scenarios are played, every example of docs/operator-api.md must work against it
 * (scripts/check-operator-api with the demo's env file); Enter must then end it with exit 0,
 * leaving no process behind; and each scenario must show its outcome in the report it writes
 * (report.json: the events, their notification rows, what the SMSC received, the valve writes the
 * simulated detector got, and the accounting of the link cut).
 */
class DemoIT {
  private static final String GAS_FAMILY = "+8613800000203";
  private static final String SMOKE_FAMILY = "+8613800000101";
  private static final String WELFARE_FAMILY = "+8613800000501";
  private static final String GRID_WORKER = "+8613900000001";
  private static final String AREA_RESPONSIBLE = "+8613900000002";

  @TempDir Path dir;

  @Test
  void theShortDemoPlaysEveryScenarioToItsOutcome() throws Exception {
    Path work = dir.resolve("demo");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "org.citysense.demo.DemoCli",
            "--short",
            "--keep",
            "--port",
            String.valueOf(port),
            "--dir",
            work.toString(),
            "--cloud-jar",
            Cloud.APP.toAbsolutePath().toString());
    Path out = dir.resolve("demo.out");
    Process demo =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    long began = System.nanoTime();
    try {
      Poll.until(
          "the demo to play its scenarios and keep running",
          Duration.ofMinutes(15),
          () -> {
            demo.descendants().forEach(started::add);
            if (!demo.isAlive()) {
              throw new AssertionError("the demo ended early:\n" + tail(out));
            }
            return tail(out).contains("Still running (--keep)");
          },
          () -> tail(out));
      checkTheOperatorGuide(work.resolve("demo.env"));
      signInToTheConsole(Files.readString(out), port);
      try (var enter = demo.getOutputStream()) {
        enter.write('\n');
      }
      Poll.until(
          "the demo ends by itself",
          Duration.ofMinutes(15),
          () -> {
            demo.descendants().forEach(started::add);
            return !demo.isAlive();
          },
          () -> tail(out));
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
    String output = Files.readString(out);
    System.out.printf(
        "DemoIT: the short demo took %d s%n",
        Duration.ofNanos(System.nanoTime() - began).toSeconds());
    assertThat(demo.exitValue()).as(output).isZero();
    assertThat(started)
        .as("processes the demo started (cloud, agent)")
        .hasSizeGreaterThanOrEqualTo(2);
    Poll.until(
        "every process the demo started has ended",
        Duration.ofSeconds(30),
        () -> started.stream().noneMatch(ProcessHandle::isAlive));

    assertThat(output).contains("== timeline", "== outcome ==").doesNotContain("✗");
    JsonNode report = new ObjectMapper().readTree(work.resolve("report.json").toFile());
    assertThat(report.path("ok").asBoolean()).as(output).isTrue();
    Map<String, JsonNode> scenarios = new HashMap<>();
    report.path("scenarios").forEach(s -> scenarios.put(s.path("ruleId").asText(), s));
    List<String> sms = new ArrayList<>();
    report.path("sms").forEach(m -> sms.add(m.path("address").asText()));

    JsonNode pm = outcome(scenarios, "pm25-above-neighbours", output);
    assertThat(pm.path("event").path("stationId").asText()).isEqualTo("st-03");
    assertTold(pm, sms, AREA_RESPONSIBLE);

    // the reading's gas-high or the relay's gas-alarm, whichever came first, told the people
    JsonNode gas = scenarios.get("gas-high");
    assertThat(gas).as("the gas scenario\n" + output).isNotNull();
    assertThat(gas.path("ok").asBoolean()).as("gas: " + gas.path("problems")).isTrue();
    assertThat(gas.path("event").path("ruleId").asText()).isIn("gas-high", "gas-alarm");
    assertThat(gas.path("event").path("deviceId").asText()).isEqualTo("gas-07");
    assertThat(gas.path("event").path("householdId").asText()).isEqualTo("h-203");
    assertThat(gas.path("event").path("severity").asText()).isEqualTo("critical");
    assertThat(gas.path("event").path("edge").asBoolean()).as("raised by the gateway").isTrue();
    List<String> actions = new ArrayList<>();
    gas.path("event")
        .path("actions")
        .forEach(
            a ->
                actions.add(
                    a.path("point").asText()
                        + "="
                        + a.path("value").asText()
                        + ":"
                        + a.path("ok").asBoolean()));
    assertThat(actions).contains("valve=false:true");
    List<String> writes = new ArrayList<>();
    report.path("valveWrites").forEach(w -> writes.add(w.asText()));
    assertThat(writes).as("what the simulated gas-07 was written").contains("valve=false");
    assertTold(gas, sms, GAS_FAMILY, GRID_WORKER);
    // the family's "1" to a critical household event: acknowledged for the family only
    List<String> familyAcks = new ArrayList<>();
    gas.path("event")
        .path("audit")
        .forEach(
            a -> {
              if ("family_acked".equals(a.path("action").asText())) {
                familyAcks.add(a.path("actor").asText());
              }
            });
    assertThat(familyAcks).anyMatch(actor -> actor.contains(GAS_FAMILY));

    JsonNode smoke = outcome(scenarios, "smoke", output);
    assertThat(smoke.path("event").path("deviceId").asText()).isEqualTo("smoke-01");
    assertThat(smoke.path("event").path("householdId").asText()).isEqualTo("h-101");
    assertTold(smoke, sms, SMOKE_FAMILY, GRID_WORKER);

    JsonNode river = outcome(scenarios, "water-level-rising", output);
    assertThat(river.path("event").path("deviceId").asText()).isEqualTo("level-river-1");
    assertTold(river, sms, AREA_RESPONSIBLE);

    JsonNode welfare = outcome(scenarios, "no-water-use", output);
    assertThat(welfare.path("event").path("deviceId").asText()).isEqualTo("meter-33");
    assertThat(welfare.path("event").path("householdId").asText()).isEqualTo("h-501");
    assertTold(welfare, sms, WELFARE_FAMILY, GRID_WORKER);
    assertThat(welfare.path("event").path("acknowledgedBy").asText()).contains(WELFARE_FAMILY);

    JsonNode link = report.path("link");
    assertThat(link.path("taken").asLong()).as("items taken while the link was cut").isPositive();
    assertThat(link.path("missing")).as("taken while cut, never stored").isEmpty();
    assertThat(link.path("storedTwice").asLong()).as("stored twice").isZero();
    assertThat(link.path("storedOnce").asLong() + link.path("otherItems").asLong())
        .isEqualTo(link.path("taken").asLong());

    String env = Files.readString(work.resolve("demo.env"));
    assertThat(env)
        .contains("CITYSENSE_URL=http://127.0.0.1:" + port, "ADMIN_TOKEN=", "OPERATOR_TOKEN=");
  }

  /** Runs every checked example of docs/operator-api.md against the running demo. */
  private void checkTheOperatorGuide(Path env) throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path log = dir.resolve("check-operator-api.out");
    Process check =
        new ProcessBuilder(root.resolve("scripts/check-operator-api").toString(), env.toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Poll.until(
        "the operator guide's examples to run", Duration.ofMinutes(5), () -> !check.isAlive());
    String output = Files.readString(log);
    System.out.println(output);
    assertThat(check.exitValue()).as("check-operator-api against the demo:%n%s", output).isZero();
    assertThat(output).contains("OK").doesNotContain("FAILED");
  }

  /**
   * The demo prints the console's address and two sign-ins (an operator, a family member); each
   * signs in with the password printed, and the console's page is served there.
   */
  private static void signInToTheConsole(String output, int port) throws Exception {
    String base = "http://127.0.0.1:" + port;
    assertThat(output).contains("The console").contains(base + "/console/");
    Matcher m = Pattern.compile("sign in as (\\S+) / (\\S+)").matcher(output);
    List<String> users = new ArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    while (m.find()) {
      users.add(m.group(1));
      HttpResponse<String> signedIn =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          new ObjectMapper()
                              .writeValueAsString(
                                  Map.of("username", m.group(1), "password", m.group(2)))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(signedIn.statusCode()).as(m.group(1) + ": " + signedIn.body()).isEqualTo(200);
      assertThat(signedIn.headers().firstValue("Set-Cookie")).isPresent();
    }
    assertThat(users).containsExactly("demo-operator", "wang-fang");
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
  }

  private static JsonNode outcome(Map<String, JsonNode> scenarios, String ruleId, String output) {
    JsonNode s = scenarios.get(ruleId);
    assertThat(s).as("scenario of rule " + ruleId + "\n" + output).isNotNull();
    assertThat(s.path("ok").asBoolean()).as(ruleId + ": " + s.path("problems")).isTrue();
    assertThat(s.path("event").path("ruleId").asText()).isEqualTo(ruleId);
    return s;
  }

  /** The event's notification log names each phone (masked) as sent, and the SMSC got an SMS. */
  private static void assertTold(JsonNode scenario, List<String> sms, String... phones) {
    List<String> sent = new ArrayList<>();
    scenario
        .path("notifications")
        .forEach(
            n -> {
              String status = n.path("status").asText();
              if (status.equals("submitted") || status.equals("delivered")) {
                sent.add(n.path("address").asText());
              }
            });
    for (String phone : phones) {
      String masked = "+86 " + phone.substring(3, 6) + "****" + phone.substring(phone.length() - 4);
      assertThat(sent).as(scenario.path("ruleId").asText() + " notified").contains(masked);
      assertThat(sms).as("the SMSC received an SMS to " + phone).contains(phone);
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }
}
