package org.citysense.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.smsc.LocalSmsc;

/**
 * A cloud-ingest seeded with the ids the demo uses, for checking docs/operator-api.md before the
 * demo exists: units {@code d-east} → {@code s-riverside} → {@code c-garden}, households h-101,
 * h-203, h-501 with contacts, PM2.5 stations st-01…st-05 and river gauge st-river-1, devices
 * gas-07, smoke-01, level-river-1, meter-33 (and pm-01…pm-05 on the stations), an operator token
 * for d-east, and the demo's first events (gas on gas-07, smoke on smoke-01, PM2.5 spike at st-03)
 * raised through the ingest. The cloud runs on a clock of its own, as the demo's may.
 */
final class DemoLikeCommunity {
  /** The family of h-203, where the gas leaks. */
  static final String GAS_FAMILY = "+8613800138000";

  static final String GRID_WORKER = "+8613900139000";

  /**
   * The cloud's environment: its clock 10 simulated seconds a real second from a day that is not
   * today, and notifications on, by SMS through {@code smsc}.
   */
  static Map<String, String> cloudEnv(LocalSmsc smsc) {
    Map<String, String> env = new HashMap<>();
    env.put(ClockSettings.START_ENV, "2027-03-15T06:00:00Z");
    env.put(ClockSettings.ANCHOR_ENV, Instant.now().toString());
    env.put(ClockSettings.SPEED_ENV, "10");
    env.put("CITYSENSE_NOTIFY_ENABLED", "true");
    env.put("CITYSENSE_NOTIFY_SMPP_HOST", "127.0.0.1");
    env.put("CITYSENSE_NOTIFY_SMPP_PORT", Integer.toString(smsc.port()));
    env.put("CITYSENSE_NOTIFY_SMPP_SYSTEM_ID", "citysense");
    env.put("CITYSENSE_NOTIFY_SMPP_PASSWORD", "secret");
    env.put("CITYSENSE_NOTIFY_SMPP_SOURCE", "10690000");
    return env;
  }

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Cloud cloud;
  private final Clock clock;
  private final WireCodec codec = new WireCodec();
  private final String operatorToken;

  private DemoLikeCommunity(Cloud cloud, Clock clock, String operatorToken) {
    this.cloud = cloud;
    this.clock = clock;
    this.operatorToken = operatorToken;
  }

  /**
   * Seeds {@code cloud}, started with {@link #cloudEnv}, and waits for the three events; then, as
   * in the demo, the gas family's SMS is delivered and the family replies "1" (for a critical
   * household event, an acknowledgement for the family only), and the grid worker acknowledges the
   * leak by replying its code.
   */
  static DemoLikeCommunity seed(Cloud cloud, Map<String, String> cloudEnv, LocalSmsc smsc)
      throws Exception {
    Clock clock = ClockSettings.fromEnvironment(cloudEnv).toClock(Clock.systemUTC());
    unit(cloud, "d-east", null, "district", "East District");
    unit(cloud, "s-riverside", "d-east", "street", "Riverside Street");
    unit(cloud, "c-garden", "s-riverside", "community", "Garden Community");
    String gateway =
        cloud
            .post("/api/v1/gateways", Map.of("unitId", "c-garden", "name", "garden gateway"))
            .get("id")
            .asText();

    household(cloud, "h-101", "Building 1, flat 101");
    household(cloud, "h-203", "Building 2, flat 203");
    household(cloud, "h-501", "Building 5, flat 501");
    double[][] places = {
      {31.2300, 121.4700},
      {31.2350, 121.4750},
      {31.2320, 121.4800},
      {31.2280, 121.4760},
      {31.2340, 121.4680}
    };
    for (int i = 0; i < places.length; i++) {
      String n = "0" + (i + 1);
      station(cloud, "st-" + n, "PM2.5 station " + n, places[i][0], places[i][1]);
      device(cloud, "pm-" + n, gateway, "pm25-rs485", "stationId", "st-" + n);
    }
    station(cloud, "st-river-1", "River gauge", 31.2290, 121.4820);
    cloud.put("/api/v1/stations/st-river-1/levels", Map.of("warning", 2.5, "danger", 3.2));
    device(cloud, "gas-07", gateway, "gas-lel-modbus", "householdId", "h-203");
    device(cloud, "smoke-01", gateway, "smoke-nbiot-mqtt", "householdId", "h-101");
    device(cloud, "level-river-1", gateway, "water-level-radar", "stationId", "st-river-1");
    device(cloud, "meter-33", gateway, "water-meter-modbus", "householdId", "h-501");

    contact(cloud, "h-203", "Li Na", GAS_FAMILY, "zh");
    contact(cloud, "h-101", "Chen Jie", "+8613800138001", "zh");
    contact(cloud, "h-501", "Mary Liu", "+8613800138002", "en");
    cloud.post(
        "/api/v1/units/c-garden/staff",
        Map.of("role", "grid_worker", "name", "Zhang Wei", "phone", GRID_WORKER, "consent", true));

    String operator =
        cloud
            .post(
                "/api/v1/tokens",
                Map.of("role", "operator", "subject", "op-east", "unitId", "d-east"))
            .get("token")
            .asText();
    String gatewayToken = cloud.gatewayToken(gateway);

    DemoLikeCommunity community = new DemoLikeCommunity(cloud, clock, operator);
    // a first send to an SMSC not bound yet would wait out a retry: let it bind first
    Poll.until("the SMPP channel to bind", WAIT, () -> smsc.boundSessions() > 0, cloud::tails);
    community.raiseFirstEvents(gateway, gatewayToken);
    community.familyAcknowledgesTheGasLeak(smsc);
    return community;
  }

  /** The demo's env file: CITYSENSE_URL, ADMIN_TOKEN, OPERATOR_TOKEN. */
  Path writeEnv(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CITYSENSE_URL", cloud.baseUrl());
    env.put("ADMIN_TOKEN", cloud.adminToken());
    env.put("OPERATOR_TOKEN", operatorToken);
    StringBuilder text = new StringBuilder();
    env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return Files.writeString(file, text);
  }

  /**
   * Gas at 35 %LEL in h-203, smoke in h-101, the river and the meter, and PM2.5 at st-01…st-05;
   * then, a second later in a batch of its own (the neighbours' readings must be in before it is
   * judged), st-03 at four times its neighbours'.
   */
  private void raiseFirstEvents(String gateway, String gatewayToken) throws Exception {
    long now = clock.millis();
    List<WireReading> first = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      first.add(reading(first.size() + 1, "pm-0" + i, "pm2_5", Quantity.PM2_5, Value.of(40), now));
    }
    first.add(reading(6, "level-river-1", "level", Quantity.WATER_LEVEL, Value.of(1.8), now));
    first.add(reading(7, "meter-33", "volume", Quantity.WATER_VOLUME, Value.of(412.5), now));
    first.add(reading(8, "gas-07", "gas", Quantity.GAS, Value.of(35.0), now));
    first.add(reading(9, "smoke-01", "smoke", Quantity.SMOKE, Value.of(true), now));
    send(gateway, gatewayToken, now, first);
    long later = now + 1000;
    send(
        gateway,
        gatewayToken,
        later,
        List.of(reading(10, "pm-03", "pm2_5", Quantity.PM2_5, Value.of(160), later)));
    Poll.until(
        "the gas, smoke and PM2.5 events raised",
        WAIT,
        () ->
            rulesOfOpenEvents().containsAll(List.of("gas-high", "smoke", "pm25-above-neighbours")),
        () -> "open events' rules: " + rulesOfOpenEvents() + "\n" + cloud.tails());
  }

  private void familyAcknowledgesTheGasLeak(LocalSmsc smsc) throws Exception {
    Poll.until(
        "the SMS to the gas family",
        WAIT,
        () -> toGasFamily(smsc) != null,
        () -> smsc.submitted() + "\n" + cloud.tails());
    smsc.sendReceipt(toGasFamily(smsc).messageId(), "DELIVRD");
    smsc.sendMo(GAS_FAMILY, "1");
    Poll.until(
        "the family's acknowledgement in the gas event's audit",
        WAIT,
        () ->
            !openEvents("gas-high").isEmpty()
                && openEvents("gas-high").stream()
                    .allMatch(e -> auditActions(e).contains("family_acked")),
        () -> openEvents("gas-high") + "\n" + cloud.tails());
    // still open for the staff: the grid worker takes it on by the code its SMS gave
    Matcher code =
        Pattern.compile("回复 (\\d{4}) 或 1")
            .matcher(
                smsc.submitted().stream()
                    .filter(s -> GRID_WORKER.equals(s.address()) && s.text().contains("燃气泄漏"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no gas SMS to the grid worker"))
                    .text());
    if (!code.find()) {
      throw new AssertionError("no code in the grid worker's gas SMS");
    }
    smsc.sendMo(GRID_WORKER, code.group(1));
    Poll.until(
        "the gas event acknowledged by the grid worker's reply",
        WAIT,
        () ->
            !openEvents("gas-high").isEmpty()
                && openEvents("gas-high").stream()
                    .allMatch(e -> e.path("status").asText().equals("acknowledged")),
        () -> openEvents("gas-high") + "\n" + cloud.tails());
  }

  private List<String> auditActions(JsonNode listed) {
    try {
      List<String> actions = new ArrayList<>();
      cloud
          .get("/api/v1/events/" + listed.get("id").asLong())
          .path("audit")
          .forEach(a -> actions.add(a.path("action").asText()));
      return actions;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static LocalSmsc.Submitted toGasFamily(LocalSmsc smsc) {
    return smsc.submitted().stream()
        .filter(s -> GAS_FAMILY.equals(s.address()))
        .findFirst()
        .orElse(null);
  }

  /** The open and acknowledged events of a rule. */
  private List<JsonNode> openEvents(String ruleId) {
    try {
      List<JsonNode> found = new ArrayList<>();
      cloud
          .get("/api/v1/events?status=open,acknowledged")
          .get("items")
          .forEach(
              e -> {
                if (e.path("ruleId").asText().equals(ruleId)) {
                  found.add(e);
                }
              });
      return found;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void send(String gateway, String gatewayToken, long sentAt, List<WireReading> readings)
      throws IOException, InterruptedException {
    byte[] batch =
        codec.encode(
            new Batch(
                Batch.VERSION,
                gateway,
                UUID.randomUUID().toString(),
                sentAt,
                new GatewayClock(true, "ntp", 10),
                readings,
                List.of(),
                List.of(),
                Counters.ZERO));
    JsonNode answer = cloud.ingest(gatewayToken, batch);
    if (answer.path("stored").asInt() != readings.size()) {
      throw new AssertionError("the ingest did not store every seed reading: " + answer);
    }
  }

  private List<String> rulesOfOpenEvents() {
    try {
      List<String> rules = new ArrayList<>();
      cloud
          .get("/api/v1/events?status=open")
          .get("items")
          .forEach(e -> rules.add(e.get("ruleId").asText()));
      return rules;
    } catch (IOException e) {
      return List.of("(" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static WireReading reading(
      long seq, String device, String point, Quantity quantity, Value value, long ts) {
    // readings travel in their quantity's canonical unit
    String unit = quantity.canonicalUnit().symbol();
    return new WireReading(seq, device, point, quantity, value, unit, ts, Quality.GOOD);
  }

  private static void unit(Cloud cloud, String id, String parent, String level, String name)
      throws IOException, InterruptedException {
    Map<String, Object> body = new HashMap<>(Map.of("id", id, "level", level, "name", name));
    if (parent != null) {
      body.put("parentId", parent);
    }
    cloud.post("/api/v1/units", body);
  }

  private static void household(Cloud cloud, String id, String address)
      throws IOException, InterruptedException {
    cloud.post(
        "/api/v1/households",
        Map.of("id", id, "unitId", "c-garden", "name", "Flat " + id, "address", address));
  }

  private static void station(Cloud cloud, String id, String name, double lat, double lon)
      throws IOException, InterruptedException {
    cloud.post(
        "/api/v1/stations",
        Map.of("id", id, "unitId", "c-garden", "name", name, "lat", lat, "lon", lon));
  }

  private static void device(
      Cloud cloud, String id, String gateway, String profile, String hangsFrom, String target)
      throws IOException, InterruptedException {
    cloud.post(
        "/api/v1/devices",
        Map.of("id", id, "gatewayId", gateway, "profile", profile, hangsFrom, target));
  }

  private static void contact(Cloud cloud, String household, String name, String phone, String lang)
      throws IOException, InterruptedException {
    cloud.post(
        "/api/v1/households/" + household + "/contacts",
        Map.of("name", name, "phone", phone, "language", lang, "consent", true));
  }
}
