package org.citysense.bench;

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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Value;
import org.citysense.sim.Simulation;
import org.citysense.sim.device.DeviceFactory;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.citysense.sim.site.Site;
import org.citysense.sim.site.SiteLoader;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.yaml.snakeyaml.Yaml;

/**
 * Alarm latency through the whole chain: a simulated gas detector goes to alarm, edge-agent reads
 * it over Modbus TCP and forwards it, cloud-ingest's gas rule raises a household event, the
 * notifier sends the family an SMS over SMPP; measured from the moment the simulated register
 * changes to the moment the SMSC receives that family's submit_sm.
 *
 * <p>The SMSC ({@link LocalSmsc}) and the site ({@link Simulation}, the same classes as {@code
 * firmware-sim site}) run in this JVM, so both ends are timed on one clock; cloud-ingest and
 * edge-agent run as processes from {@code bin/}, set up as an installer would: registry calls,
 * {@code edge-agent provision}, {@code edge-agent run}.
 *
 * <p>Each of {@code warmup + alarms} households has one gas detector and one family phone, and the
 * community one grid worker, so neither the notifier's per-address rate limit nor its flap
 * suppression can hide an alarm. Detectors are flipped one at a time: the next flip comes only
 * after the previous SMS (or its timeout) and a random 0.5–1.5 s pause, so alarms never queue
 * behind each other and the flips fall at uniformly random phases of the 1 s poll.
 *
 * <p>usage: AlarmLatencyBench ROOT WORKDIR ALARMS WARMUP BASE_PORT
 */
public final class AlarmLatencyBench {
  private static final int PER_PORT = 20; // detectors behind one Modbus TCP port (one RS-485 bus)
  private static final double ALARM_LEL = 30.0; // gas-high fires above 20 %LEL
  private static final Duration SMS_TIMEOUT = Duration.ofSeconds(30);
  private static final String UNIT = "al-c";
  private static final String GRID_WORKER = "+8613900139000";

  /** One household of the site: its detector, its family's phone, where the detector answers. */
  record Household(int index, String id, String device, String phone, int port, int unitId) {}

  /** One alarm as it happened: flip and SMS, each on the monotonic and the wall clock. */
  static final class Alarm {
    final Household household;
    final AtomicLong flipNanos = new AtomicLong();
    volatile long flipMillis;
    final AtomicLong smsNanos = new AtomicLong();
    volatile long smsMillis;
    final CountDownLatch sms = new CountDownLatch(1);

    Alarm(Household household) {
      this.household = household;
    }

    double millis() {
      return (smsNanos.get() - flipNanos.get()) / 1e6;
    }

    boolean lost() {
      return smsNanos.get() == 0;
    }
  }

  private AlarmLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int alarms = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int base = Integer.parseInt(args[4]);
    int cloudPort = base;
    int smscPort = base + 1;
    int statusPort = base + 2;
    int simPort = base + 10;

    List<Household> households = new ArrayList<>();
    for (int i = 0; i < warmup + alarms; i++) {
      households.add(
          new Household(
              i,
              String.format("al-h-%03d", i),
              String.format("al-gas-%03d", i),
              String.format("+86138%08d", i + 1),
              simPort + i / PER_PORT,
              i % PER_PORT + 1));
    }
    Map<String, Alarm> byPhone = new ConcurrentHashMap<>();
    Map<String, Alarm> byDevice = new HashMap<>();
    List<Alarm> all = new ArrayList<>();
    for (Household h : households) {
      Alarm a = new Alarm(h);
      byPhone.put(h.phone(), a);
      byDevice.put(h.device(), a);
      all.add(a);
    }

    List<Process> processes = new ArrayList<>();
    Thread hook = new Thread(() -> processes.forEach(AlarmLatencyBench::stop));
    Runtime.getRuntime().addShutdownHook(hook);
    AtomicLong submits = new AtomicLong();
    try (LocalSmsc smsc = LocalSmsc.start(smscPort);
        Simulation site = startSite(work, households)) {
      // the first submit_sm to a family phone after its detector flipped
      smsc.onSubmit(
          s -> {
            long now = System.nanoTime();
            long wall = System.currentTimeMillis();
            submits.incrementAndGet();
            Alarm a = byPhone.get(s.address());
            if (a != null && a.flipNanos.get() != 0 && a.smsNanos.compareAndSet(0, now)) {
              a.smsMillis = wall;
              a.sms.countDown();
            }
          });
      // the flip time: when the snapshot the Modbus server serves first holds the alarm value
      for (SimDevice d : site.devices()) {
        Alarm a = byDevice.get(d.id());
        d.onChange(
            snap -> {
              Value gas = snap.values().get("gas");
              if (gas != null && gas.asDouble() >= ALARM_LEL) {
                long now = System.nanoTime();
                if (a.flipNanos.compareAndSet(0, now)) {
                  a.flipMillis = System.currentTimeMillis();
                }
              }
            });
      }

      String admin = "cs_alarm_bench_" + Long.toHexString(new Random().nextLong());
      String cloudUrl = "http://127.0.0.1:" + cloudPort;
      processes.add(startCloud(root, work, admin, cloudPort, smscPort));
      AdminApi api = new AdminApi(cloudUrl, admin);
      waitFor("cloud-ingest ready", Duration.ofSeconds(180), () -> api.answers("/q/health/ready"));
      register(api, households);

      Path agentDir = work.resolve("agent");
      Files.createDirectories(agentDir);
      Path config = agentDir.resolve("agent.yaml");
      Files.writeString(config, agentConfig(cloudUrl, statusPort, households));
      String code =
          api.postJson("/api/v1/enrollments", Map.of("unitId", UNIT, "ttlMinutes", 60))
              .get("code")
              .asText();
      run(
          root,
          agentDir,
          List.of(
              "bin/edge-agent",
              "provision",
              "--cloud",
              cloudUrl,
              "--code",
              code,
              "--name",
              "alarm-latency gateway",
              "--config",
              config.toString()));
      String gateway = gatewayId(config);
      api.post(
          "/api/v1/devices/import?gateway=" + gateway + "&file=devices.yaml",
          devicesYaml(households),
          "text/plain");
      processes.add(
          start(
              root,
              agentDir,
              List.of("bin/edge-agent", "run", "--config", config.toString()),
              Map.of(),
              agentDir.resolve("agent.log")));

      AdminApi status = new AdminApi("http://127.0.0.1:" + statusPort, "");
      waitFor(
          "all " + households.size() + " detectors online at the agent",
          Duration.ofSeconds(120),
          () -> online(status) == households.size());
      waitFor("the SMPP channel bound", Duration.ofSeconds(120), () -> smsc.boundSessions() > 0);
      waitFor(
          "the cloud to hear from the gateway",
          Duration.ofSeconds(60),
          () -> {
            JsonNode seen = api.get("/api/v1/gateways/" + gateway).path("lastContact");
            return !seen.isNull() && !seen.isMissingNode();
          });
      Thread.sleep(5000); // let start-up settle: first batches, JIT of the steady path

      String loadBefore = loadAverage();
      Random pause = new Random(42);
      long started = System.nanoTime();
      for (Alarm a : all) {
        SimDevice d = site.device(a.household.device()).orElseThrow();
        d.set("gas", Value.of(ALARM_LEL));
        boolean told = a.sms.await(SMS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        d.clear("gas"); // back to its baseline: one open alarm at a time in the whole chain
        System.out.printf(
            "alarm household=%s warmup=%s flip_to_sms_ms=%s%n",
            a.household.id(),
            a.household.index() < warmup,
            told ? String.format("%.1f", a.millis()) : "LOST");
        // a spread of one poll interval: flips land at uniformly random phases of the 1 s poll
        // (each flip follows an SMS, which follows a poll; a narrower spread locks onto it)
        Thread.sleep(500 + pause.nextInt(1001));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      String loadAfter = loadAverage();

      List<Alarm> measured = all.subList(warmup, all.size());
      report(api, measured, all.subList(0, warmup), seconds, submits.get(), loadBefore, loadAfter);
    } finally {
      processes.forEach(AlarmLatencyBench::stop);
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  private static void report(
      AdminApi api,
      List<Alarm> measured,
      List<Alarm> warm,
      double seconds,
      long submits,
      String loadBefore,
      String loadAfter) {
    List<Double> total = new ArrayList<>();
    List<Double> toRead = new ArrayList<>();
    List<Double> toRaised = new ArrayList<>();
    List<Double> toSms = new ArrayList<>();
    Map<String, JsonNode> firstEvent = firstEventByHousehold(api);
    int lost = 0;
    List<String> lostIds = new ArrayList<>();
    for (Alarm a : measured) {
      if (a.lost()) {
        lost++;
        lostIds.add(a.household.id());
        continue;
      }
      total.add(a.millis());
      JsonNode e = firstEvent.get(a.household.id());
      if (e != null) {
        // wall-clock stages, all on this machine's clock: the reading's time is the agent's read
        long read = Instant.parse(e.get("openedAt").asText()).toEpochMilli();
        long raised = Instant.parse(e.get("raisedAt").asText()).toEpochMilli();
        toRead.add((double) (read - a.flipMillis));
        toRaised.add((double) (raised - read));
        toSms.add((double) (a.smsMillis - raised));
      }
    }
    List<Double> warmMillis = new ArrayList<>();
    warm.stream().filter(a -> !a.lost()).forEach(a -> warmMillis.add(a.millis()));
    System.out.printf(
        "result alarms=%d lost=%d lost_households=%s %s seconds=%.0f submit_sm_total=%d"
            + " loadavg_before=%s loadavg_after=%s%n",
        measured.size(),
        lost,
        lostIds.isEmpty() ? "none" : String.join(",", lostIds),
        LatencyStats.of(total).describe(""),
        seconds,
        submits,
        loadBefore,
        loadAfter);
    System.out.println("stage_read " + LatencyStats.of(toRead).describe(""));
    System.out.println("stage_raised " + LatencyStats.of(toRaised).describe(""));
    System.out.println("stage_sms " + LatencyStats.of(toSms).describe(""));
    System.out.println("warmup " + LatencyStats.of(warmMillis).describe(""));
  }

  /** Each household's earliest raised event (gas-high or gas-alarm: whichever notified first). */
  private static Map<String, JsonNode> firstEventByHousehold(AdminApi api) {
    Map<String, JsonNode> first = new HashMap<>();
    for (int offset = 0; ; offset += 500) {
      JsonNode page = api.get("/api/v1/events?unit=" + UNIT + "&limit=500&offset=" + offset);
      for (JsonNode e : page.get("items")) {
        String h = e.path("householdId").asText(null);
        String rule = e.path("ruleId").asText();
        if (h == null || !(rule.equals("gas-high") || rule.equals("gas-alarm"))) {
          continue;
        }
        JsonNode seen = first.get(h);
        if (seen == null
            || Instant.parse(e.get("raisedAt").asText())
                .isBefore(Instant.parse(seen.get("raisedAt").asText()))) {
          first.put(h, e);
        }
      }
      if (offset + 500 >= page.get("total").asInt()) {
        return first;
      }
    }
  }

  private static Simulation startSite(Path work, List<Household> households) throws Exception {
    StringBuilder yaml = new StringBuilder("seed: 9\ntimeZone: Asia/Shanghai\ndevices:\n");
    for (Household h : households) {
      yaml.append("  - ").append(deviceLine(h)).append(", scenario: baseline}\n");
    }
    Files.createDirectories(work);
    Files.writeString(work.resolve("site.yaml"), yaml);
    ProfileCatalog profiles = ProfileCatalog.bundled();
    Site site =
        new SiteLoader(profiles, ScenarioCatalog.bundled()).parse("site.yaml", yaml.toString());
    Clock clock = Clock.systemUTC();
    DeviceFactory factory =
        new DeviceFactory(profiles, clock, site.seed(), site.zone(), clock.instant());
    List<SimDevice> devices =
        site.devices().stream().map(d -> factory.create(d, site.scenarios().get(d.id()))).toList();
    // ticks as firmware-sim site does
    Simulation simulation = new Simulation(clock, devices, Duration.ofMillis(200));
    simulation.start(new org.citysense.sim.TransportPlan(null, clock).build(devices));
    return simulation;
  }

  /** A device-instance line without its closing brace, shared by the site, agent and cloud. */
  private static String deviceLine(Household h) {
    return "{id: "
        + h.device()
        + ", profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, port: "
        + h.port()
        + ", unitId: "
        + h.unitId()
        + "}, household: "
        + h.id();
  }

  private static String devicesYaml(List<Household> households) {
    StringBuilder s = new StringBuilder("devices:\n");
    households.forEach(h -> s.append("  - ").append(deviceLine(h)).append("}\n"));
    return s.toString();
  }

  /** The agent's config before provisioning: every detector's alarm points read every second. */
  private static String agentConfig(String cloudUrl, int statusPort, List<Household> households) {
    StringBuilder s =
        new StringBuilder(
            "gateway:\n  id: not-yet-provisioned\ndataDir: data\nstatus: {host: 127.0.0.1, port: "
                + statusPort
                + "}\ncloud:\n  url: "
                + cloudUrl
                + "\n  tokenFile: gateway-token\n  linger: 1s\ndevices:\n");
    households.forEach(
        h ->
            s.append("  - ")
                .append(deviceLine(h))
                .append(", intervals: {gas: 1s, gas_alarm: 1s, valve: 30s}}\n"));
    return s.toString();
  }

  private static String gatewayId(Path config) throws IOException {
    Map<String, Object> root = new Yaml().load(Files.readString(config));
    @SuppressWarnings("unchecked")
    Map<String, Object> gateway = (Map<String, Object>) root.get("gateway");
    return String.valueOf(gateway.get("id"));
  }

  private static void register(AdminApi api, List<Household> households) {
    api.postJson(
        "/api/v1/units", Map.of("id", "al-d", "level", "district", "name", "Alarm bench district"));
    api.postJson(
        "/api/v1/units",
        Map.of("id", "al-s", "parentId", "al-d", "level", "street", "name", "Alarm bench street"));
    api.postJson(
        "/api/v1/units",
        Map.of("id", UNIT, "parentId", "al-s", "level", "community", "name", "Alarm bench"));
    api.postJson(
        "/api/v1/units/" + UNIT + "/staff",
        Map.of("role", "grid_worker", "name", "Zhang Wei", "phone", GRID_WORKER, "consent", true));
    for (Household h : households) {
      Map<String, Object> household = new LinkedHashMap<>();
      household.put("id", h.id());
      household.put("unitId", UNIT);
      household.put("name", "Flat " + h.index());
      household.put("address", "Building " + (h.index() / PER_PORT + 1) + ", flat " + h.index());
      api.postJson("/api/v1/households", household);
      api.postJson(
          "/api/v1/households/" + h.id() + "/contacts",
          Map.of(
              "name",
              "Family " + h.index(),
              "phone",
              h.phone(),
              "language",
              "zh",
              "consent",
              true));
    }
  }

  private static Process startCloud(Path root, Path work, String admin, int port, int smscPort)
      throws IOException {
    Path dir = work.resolve("cloud");
    Files.createDirectories(dir);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CITYSENSE_ADMIN_TOKEN", admin);
    env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
    env.put("CITYSENSE_DATA_DIR", dir.resolve("data").toString());
    env.put("CLOUD_INGEST_JAVA_OPTS", "-Xmx512m");
    env.put("CITYSENSE_NOTIFY_ENABLED", "true");
    env.put("CITYSENSE_NOTIFY_SMPP_HOST", "127.0.0.1");
    env.put("CITYSENSE_NOTIFY_SMPP_PORT", String.valueOf(smscPort));
    env.put("CITYSENSE_NOTIFY_SMPP_SYSTEM_ID", "citysense");
    env.put("CITYSENSE_NOTIFY_SMPP_PASSWORD", "bench");
    env.put("CITYSENSE_NOTIFY_SMPP_SOURCE", "10690000");
    return start(root, dir, List.of("bin/cloud-ingest"), env, dir.resolve("cloud.log"));
  }

  private static Process start(
      Path root, Path dir, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>(command);
    cmd.set(0, root.resolve(command.get(0)).toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  /** Runs a command to its end; fails with its output unless it exits 0. */
  private static void run(Path root, Path dir, List<String> command) throws Exception {
    Path log = dir.resolve(Path.of(command.get(0)).getFileName() + "-" + command.get(1) + ".log");
    Process p = start(root, dir, command, Map.of(), log);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command.subList(0, 2)) + " failed: " + Files.readString(log));
    }
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int online(AdminApi status) {
    try {
      int n = 0;
      for (JsonNode d : status.get("/status").path("devices")) {
        n += "online".equals(d.path("state").asText()) ? 1 : 0;
      }
      return n;
    } catch (IllegalStateException e) {
      return -1; // not up yet
    }
  }

  private static void waitFor(String what, Duration limit, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + limit);
      }
      Thread.sleep(250);
    }
    System.out.println("ready: " + what);
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }
}
