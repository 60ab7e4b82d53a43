package org.citysense.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.device.DeviceInstance;

/**
 * The whole community on one machine and one clock: starts every part, plays the scenarios, checks
 * what came of each, and stops every part again (also on Ctrl-C).
 */
final class Demo {
  /**
   * Where the morning starts: the scenarios begin no earlier (the welfare rule counts 06:00-22:00).
   */
  private static final LocalTime MORNING = LocalTime.of(4, 30);

  private final Pace pace;
  private final int port;
  private final Path dir;
  private final Path cloudJar;
  private final boolean keep;
  private final int nodes;
  private final Path kafkaLib;
  private final Timeline timeline;
  private final ZoneId zone = ZoneId.of("Asia/Shanghai");
  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Map<String, String> clockEnv = new LinkedHashMap<>();

  /**
   * @param nodes 0 for the embedded default (one process), else the cloud as a cluster of this many
   *     nodes on Kafka, PostgreSQL and InfluxDB
   * @param kafkaLib the Kafka broker's jars, for a cluster
   */
  Demo(
      Pace pace,
      int port,
      Path dir,
      Path cloudJar,
      boolean keep,
      int nodes,
      Path kafkaLib,
      java.io.PrintStream out) {
    this.pace = pace;
    this.nodes = nodes;
    this.kafkaLib = kafkaLib;
    this.port = port;
    this.dir = dir;
    this.cloudJar = cloudJar;
    this.keep = keep;
    // The clock reads a little before MORNING when the cloud is expected to be up (~30 s).
    LocalDate today = LocalDate.now(zone);
    Instant start =
        today
            .atTime(MORNING)
            .atZone(zone)
            .toInstant()
            .minus(pace.simulated(Duration.ofSeconds(30)));
    Instant anchor = Instant.now();
    clockEnv.put(ClockSettings.START_ENV, start.toString());
    clockEnv.put(ClockSettings.ANCHOR_ENV, anchor.toString());
    clockEnv.put(ClockSettings.SPEED_ENV, String.valueOf(pace.speed()));
    Clock clock = ClockSettings.fromEnvironment(clockEnv).toClock(Clock.systemUTC());
    this.timeline = new Timeline(out, clock, zone);
  }

  /** Runs the demo; true when every scenario showed its outcome. */
  boolean run() throws Exception {
    Thread hook =
        new Thread(
            () -> {
              timeline.stopStamped();
              timeline.say("demo: stopping every part …");
              closeAll();
              timeline.say("demo: stopped");
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return play();
    } finally {
      closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook closes what is open
      }
    }
  }

  private boolean play() throws Exception {
    Ports.requireFree(port, "the cloud's HTTP port");
    for (int i = 1; i < nodes; i++) {
      Ports.requireFree(port + i, "node-" + i + "'s HTTP port, --port + " + i);
    }
    if (!Files.isRegularFile(cloudJar)) {
      throw new DemoException(
          cloudJar + " is missing: build first (scripts/demo does: mvn package -DskipTests)");
    }
    Files.createDirectories(dir);
    Clock clock = timeline.clock();
    timeline.say(
        "citysense demo: one community on one machine, clock ×"
            + (long) pace.speed()
            + " (1 real second = "
            + pace.speed() / 60
            + " simulated minutes); work folder "
            + dir);

    SmsDesk sms = keepOpen(new SmsDesk(timeline));
    timeline.say("  SMSC (jSMPP) on 127.0.0.1:" + sms.port());
    ClusterParts cluster = null;
    List<CloudProcess> clouds = new ArrayList<>();
    if (nodes == 0) {
      timeline.say("  starting cloud-ingest on http://127.0.0.1:" + port + " …");
      // kept open before it is ready, so that Ctrl-C while it starts stops it too
      clouds.add(keepOpen(CloudProcess.start(cloudJar, dir, port, sms.port(), clockEnv)));
    } else {
      timeline.say("  starting the cluster's shared parts (PostgreSQL, InfluxDB, Kafka) …");
      cluster = keepOpen(ClusterParts.start(dir, kafkaLib));
      timeline.say("  " + cluster.describe());
      String adminToken = "admin-" + UUID.randomUUID();
      for (int i = 0; i < nodes; i++) {
        timeline.say("  starting cloud-ingest node-" + i + " on http://127.0.0.1:" + (port + i));
        Map<String, String> env = new HashMap<>(clockEnv);
        env.putAll(cluster.env(i));
        clouds.add(
            keepOpen(
                CloudProcess.start(
                    cloudJar, dir, "cloud-" + i, port + i, sms.port(), env, adminToken)));
      }
    }
    for (CloudProcess c : clouds) {
      c.awaitReady();
    }
    CloudProcess cloud = clouds.get(0);
    timeline.say(
        nodes == 0
            ? "  cloud-ingest ready; notifications through the SMSC"
            : "  "
                + nodes
                + " nodes ready; the registry made through node-0, the timeline read from node-"
                + (nodes - 1)
                + "; the node holding the notifier's lease sends the SMS");

    CommunitySite site =
        CommunitySite.load(
            pace.speed(), pace.readingFloor(), pace.stationFloor(), pace.alarmFloor());
    Registry registry = new Registry(cloud.admin());
    registry.create(site);
    for (CloudProcess c : clouds) {
      // each node reads the rule file of its own folder: every node gets the same change
      new Registry(c.admin())
          .tuneSilences(
              pace.simulated(Duration.ofSeconds(30)), pace.simulated(Duration.ofSeconds(3)));
    }
    String operator = registry.operatorToken();
    List<Registry.SignIn> signIns = registry.consoleAccounts();
    Path env = writeEnv(cloud, operator);
    timeline.say(
        "  registry: units d-east → s-riverside → c-garden, "
            + site.households().size()
            + " households, stations st-01..st-05 and the river gauges, "
            + People.ALL.size()
            + " people to notify");
    timeline.say("  tokens for the API: " + env + "  (. " + env + ")");

    int uplink = port;
    if (cluster != null) {
      cluster.spreadOver(clouds.stream().map(c -> URI.create(c.baseUrl())).toList());
      uplink = cluster.relayPort();
    }
    CloudLink link = keepOpen(new CloudLink(uplink));
    EdgeAgent agent = keepOpen(new EdgeAgent(dir.resolve("agent")));
    agent.configure(link.url(), site.devicesYaml());
    String gateway = agent.provision(link.url(), registry.enrollmentCode());
    registry.importDevices(gateway, site.devicesYaml());
    timeline.say(
        "  edge-agent provision: gateway "
            + gateway
            + " enrolled in c-garden; "
            + site.devices().size()
            + " devices registered; link to the cloud through a relay on "
            + link.url());

    Instant morning = LocalDate.now(zone).atTime(MORNING).atZone(zone).toInstant();
    Instant soon = clock.instant().plus(pace.simulated(Duration.ofSeconds(6)));
    Instant zero = soon.isAfter(morning) ? soon : morning;
    boolean lateStart =
        LocalDate.ofInstant(zero, zone).isAfter(LocalDate.ofInstant(morning, zone))
            || zero.atZone(zone).toLocalTime().isAfter(LocalTime.of(10, 0));
    if (lateStart) {
      timeline.say(
          "  (setting up took long: the scenarios start at "
              + timeline.time(zero)
              + ", so the welfare check waits for the next day's waking hours)");
    }
    SimulatedSite sim = keepOpen(new SimulatedSite(site, clock, zero));
    sim.startServed();
    agent.start(clockEnv);
    sim.startPushing(agent.brokerUrl());
    timeline.say(
        "  firmware-sim plays the example site ("
            + site.devices().size()
            + " devices) from "
            + timeline.time(zero)
            + "; the agent reads them and hosts the MQTT broker at "
            + agent.brokerUrl());

    EventWatcher events =
        keepOpen(new EventWatcher(clouds.get(clouds.size() - 1).admin(), timeline));
    events.start();
    awaitClock(clock, zero);
    timeline.say("");
    timeline.say("== timeline (reading → event → notification → acknowledgement) ==");
    timeline.now("scenarios start");

    Instant sixAm = morning.plus(Duration.ofMinutes(90));
    // silence counts from 06:00 to 22:00: twelve such hours end near 18:00, or the next day
    Instant welfareStart =
        lateStart ? sixAm.plus(Duration.ofDays(1)) : zero.isBefore(sixAm) ? sixAm : zero;
    List<Scenario> scenarios =
        Scenario.all(Duration.between(zero, welfareStart.plus(Duration.ofHours(13))));

    // the link: cut for a while, then restored
    awaitClock(clock, zero.plus(pace.cutAfter()));
    int takenBefore = agent.taken().size();
    Instant cutAt = clock.instant();
    link.cut();
    timeline.now("link to the cloud CUT (the agent keeps reading into its buffer)");
    Thread.sleep(pace.cutFor().toMillis());
    List<Long> takenNow = agent.taken();
    Set<Long> takenInCut = new HashSet<>(takenNow.subList(takenBefore, takenNow.size()));
    link.restore();
    Instant restoredAt = clock.instant();
    timeline.now(
        "link RESTORED after "
            + hours(Duration.between(cutAt, restoredAt))
            + " simulated; the agent took "
            + takenInCut.size()
            + " items meanwhile and now sends its backlog");

    Map<Scenario, Check> checks = new LinkedHashMap<>();
    for (Scenario s : scenarios) {
      checks.put(s, awaitScenario(s, zero, clock, cloud.admin(), events, sim, sms));
    }
    List<String> ids = site.devices().stream().map(DeviceInstance::id).toList();
    CloudLink.Accounting accounting =
        link.account(
            cloud.admin(),
            gateway,
            ids,
            takenInCut,
            cutAt.minus(Duration.ofHours(1)),
            clock.instant().plus(Duration.ofDays(1)),
            Duration.ofSeconds(90));
    timeline.now(
        "after the cut: of "
            + accounting.taken()
            + " items taken while cut, "
            + accounting.storedOnce()
            + " readings stored once, "
            + accounting.otherItems()
            + " status changes/edge events delivered, "
            + accounting.storedTwice()
            + " stored twice, "
            + accounting.missing().size()
            + " lost");
    boolean linkOk =
        accounting.missing().isEmpty() && accounting.storedTwice() == 0 && accounting.taken() > 0;

    events.close();
    timeline.stopStamped(); // what still happens after this belongs to no scenario
    timeline.say("");
    timeline.say("== outcome ==");
    boolean allOk = linkOk;
    for (Map.Entry<Scenario, Check> e : checks.entrySet()) {
      allOk &= e.getValue().problems().isEmpty();
      timeline.say(
          (e.getValue().problems().isEmpty() ? "  ✓ " : "  ✗ ")
              + e.getKey().name()
              + (e.getValue().problems().isEmpty()
                  ? ": " + e.getValue().story()
                  : ": " + String.join("; ", e.getValue().problems())));
    }
    timeline.say(
        (linkOk ? "  ✓ " : "  ✗ ")
            + "cloud link cut for "
            + hours(Duration.between(cutAt, restoredAt))
            + " and restored: "
            + accounting.taken()
            + " items taken meanwhile, "
            + accounting.missing().size()
            + " lost, "
            + accounting.storedTwice()
            + " stored twice");
    writeReport(checks, accounting, sim, sms, events, gateway, allOk);

    timeline.say("");
    timeline.say(
        "The alert API and Swagger UI"
            + (keep ? " (running until Ctrl-C):" : " (while it runs; --keep keeps it up):"));
    timeline.say("  . " + env);
    timeline.say(
        "  curl -s -H \"Authorization: Bearer $OPERATOR_TOKEN\" \"$CITYSENSE_URL/api/v1/events?status=open,acknowledged\"");
    timeline.say(
        "  open "
            + cloud.baseUrl()
            + "/q/swagger-ui   (Authorize with $ADMIN_TOKEN or $OPERATOR_TOKEN)");
    timeline.say(
        "  report: "
            + dir.resolve("report.json")
            + "; logs: "
            + dir.resolve("logs")
            + ", "
            + dir.resolve("agent/logs"));
    timeline.say("");
    timeline.say(
        "The console" + (keep ? "" : " (while it runs)") + ": " + cloud.baseUrl() + "/console/");
    for (Registry.SignIn in : signIns) {
      timeline.say(
          "  sign in as " + in.username() + " / " + in.password() + "   (" + in.who() + ")");
    }
    if (keep) {
      timeline.say("Still running (--keep): press Enter (or Ctrl-C) to stop the community.");
      awaitEnter();
    }
    timeline.say(
        allOk
            ? "demo: every scenario showed its outcome; stopping."
            : "demo: some scenarios did not show their outcome (above); stopping.");
    return allOk;
  }

  /**
   * Waits for a line on standard input. Without a terminal (stdin at its end, as under nohup) it
   * waits for Ctrl-C or SIGTERM instead, which stop the community through the shutdown hook.
   */
  private static void awaitEnter() throws InterruptedException {
    CountDownLatch enter = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try {
                if (new java.io.BufferedReader(
                            new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .readLine()
                    != null) {
                  enter.countDown();
                }
              } catch (java.io.IOException e) {
                // no usable stdin: Ctrl-C it is
              }
            },
            "demo-stdin");
    reader.setDaemon(true);
    reader.start();
    enter.await();
  }

  /** What came of one scenario. */
  record Check(JsonNode event, List<JsonNode> notifications, List<String> problems, String story) {}

  private Check awaitScenario(
      Scenario s,
      Instant zero,
      Clock clock,
      Api api,
      EventWatcher events,
      SimulatedSite sim,
      SmsDesk sms)
      throws Exception {
    Instant by = zero.plus(s.playedBy());
    Check check = check(s, api, events, sim, sms);
    while (!check.problems().isEmpty() && clock.instant().isBefore(by)) {
      Thread.sleep(500);
      check = check(s, api, events, sim, sms);
    }
    return check;
  }

  private Check check(Scenario s, Api api, EventWatcher events, SimulatedSite sim, SmsDesk sms)
      throws Exception {
    List<String> problems = new ArrayList<>();
    JsonNode event = events.find(s::matches).orElse(null);
    if (event == null) {
      return new Check(
          null, List.of(), List.of("no " + s.ruleId() + " event about " + s.subject()), "");
    }
    long id = event.get("id").asLong();
    event = api.get("/api/v1/events/" + id);
    List<JsonNode> rows = new ArrayList<>();
    api.get("/api/v1/events/" + id + "/notifications").forEach(rows::add);
    List<String> told = new ArrayList<>();
    for (People.Person p : s.told()) {
      boolean sent =
          rows.stream()
              .anyMatch(
                  r ->
                      r.path("address").asText().equals(Scenario.masked(p.phone()))
                          && List.of("submitted", "delivered").contains(r.path("status").asText()));
      boolean arrived =
          sms.smsc().submitted().stream().anyMatch(m -> m.address().equals(p.phone()));
      if (sent && arrived) {
        told.add(p.name() + " (" + p.role().replace('_', ' ') + ")");
      } else {
        problems.add("no SMS of event #" + id + " to " + p.label());
      }
    }
    String story =
        "event #"
            + id
            + " "
            + event.path("ruleId").asText(s.ruleId())
            + ", SMS to "
            + String.join(" and ", told);
    if (s.valveDevice() != null) {
      boolean written =
          sim.device(s.valveDevice()).map(d -> d.writes().contains("valve=false")).orElse(false);
      boolean reported = false;
      for (JsonNode a : event.path("actions")) {
        reported |= a.path("point").asText().equals("valve") && a.path("ok").asBoolean();
      }
      if (written && reported && event.path("edge").asBoolean()) {
        story += ", valve closed by the gateway";
      } else {
        problems.add("the gas valve of " + s.valveDevice() + " was not closed by the gateway");
      }
    }
    if (s.acknowledger() != null) {
      String phone = s.acknowledger().phone();
      boolean forFamily = false;
      for (JsonNode a : event.path("audit")) {
        forFamily |=
            "family_acked".equals(a.path("action").asText())
                && a.path("actor").asText().contains(phone);
      }
      if (event.path("acknowledgedBy").asText("").contains(phone)) {
        story += ", acknowledged by " + s.acknowledger().name() + "'s reply \"1\"";
      } else if (forFamily) {
        story +=
            ", acknowledged for the family by "
                + s.acknowledger().name()
                + "'s reply \"1\" (critical: the staff still follow it)";
      } else {
        problems.add("event #" + id + " not acknowledged by " + s.acknowledger().label());
      }
    }
    return new Check(event, rows, problems, story);
  }

  private void writeReport(
      Map<Scenario, Check> checks,
      CloudLink.Accounting accounting,
      SimulatedSite sim,
      SmsDesk sms,
      EventWatcher events,
      String gateway,
      boolean ok)
      throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("ok", ok);
    report.put("gatewayId", gateway);
    List<Map<String, Object>> list = new ArrayList<>();
    checks.forEach(
        (s, c) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", s.name());
          m.put("ruleId", s.ruleId());
          m.put("subject", s.subject());
          m.put("ok", c.problems().isEmpty());
          m.put("problems", c.problems());
          m.put("event", c.event());
          m.put("notifications", c.notifications());
          list.add(m);
        });
    report.put("scenarios", list);
    report.put("valveWrites", sim.device("gas-07").map(d -> d.writes()).orElse(List.of()));
    report.put(
        "sms",
        sms.smsc().submitted().stream()
            .map(m -> Map.of("address", m.address(), "text", m.text()))
            .toList());
    report.put("replies", sms.replies());
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("taken", accounting.taken());
    link.put("storedOnce", accounting.storedOnce());
    link.put("storedTwice", accounting.storedTwice());
    link.put("otherItems", accounting.otherItems());
    link.put("missing", accounting.missing());
    report.put("link", link);
    report.put("events", events.all());
    Files.write(dir.resolve("report.json"), json.writeValueAsBytes(report));
  }

  private Path writeEnv(CloudProcess cloud, String operator) throws IOException {
    Path env = dir.resolve("demo.env").toAbsolutePath();
    Files.writeString(
        env,
        "# the demo's cloud-ingest; source it: . "
            + env
            + "\nCITYSENSE_URL="
            + cloud.baseUrl()
            + "\nADMIN_TOKEN="
            + cloud.adminToken()
            + "\nOPERATOR_TOKEN="
            + operator
            + "\n",
        StandardCharsets.UTF_8);
    return env;
  }

  private static void awaitClock(Clock clock, Instant when) throws InterruptedException {
    while (clock.instant().isBefore(when)) {
      Thread.sleep(50);
    }
  }

  private static String hours(Duration d) {
    long minutes = d.toMinutes();
    return minutes / 60 + " h " + minutes % 60 + " min";
  }

  private <T extends AutoCloseable> T keepOpen(T resource) {
    synchronized (open) {
      open.push(resource);
    }
    return resource;
  }

  /** Closes what is open, newest first; safe to call twice (the shutdown hook and the end). */
  private void closeAll() {
    while (true) {
      AutoCloseable next;
      synchronized (open) {
        next = open.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.close();
      } catch (Exception e) {
        // closing anyway: the rest must stop too
      }
    }
  }
}
