package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.sim.device.SimDevice;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.SmallDisk;
import org.citysense.testsupport.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's soak (issue 18), beside the benchmarks and never in the test run: its name matches
 * none of failsafe's includes, so only {@code bench/run-soak-agent.sh} runs it, with {@code
 * -Dit.test=AgentSoak}.
 *
 * <p>Simulator, agent and cloud share one accelerated clock; the agent runs for {@code soak.hours}
 * simulated hours (default 24) in {@code soak.minutes} real minutes (default 5) with its data
 * folder on a 256 KiB tmpfs, its wall clock under libfaketime and the cloud behind a {@link
 * TcpRelay}. Faults are injected at random, several at once: the cloud unreachable, the disk filled
 * by a ballast file, the wall clock stepped 6 simulated hours back or forward, kill -9 and restart,
 * a gas leak on one of two detectors whose edge alarm closes the valve. At the end: every bus still
 * polls; every taken seq is stored once, sent as a status change or edge event, quarantined, or
 * counted in the cloud's edgeEvicted; every leak got its valve write. The figures go to {@code
 * soak.out} (key=value), which the script turns into docs/benchmarks.md's section.
 */
class AgentSoak {
  private static final Path LIBFAKETIME =
      Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Fault {
    OUTAGE,
    DISK_FULL,
    CLOCK_BACK,
    CLOCK_FORWARD,
    KILL,
    LEAK
  }

  @TempDir Path tempDir;

  /** Where everything goes: {@code soak.dir} (kept for a look afterwards), else a temp folder. */
  private Path dir;

  private Clock clock;
  private double speed;

  @Test
  void aSimulatedDayOfFaults() throws Exception {
    double hours = Double.parseDouble(System.getProperty("soak.hours", "24"));
    double minutes = Double.parseDouble(System.getProperty("soak.minutes", "5"));
    long seed = Long.parseLong(System.getProperty("soak.seed", String.valueOf(System.nanoTime())));
    dir =
        System.getProperty("soak.dir") == null
            ? tempDir
            : Files.createDirectories(Path.of(System.getProperty("soak.dir")));
    Path out = Path.of(System.getProperty("soak.out", dir.resolve("soak.out").toString()));
    assertThat(LIBFAKETIME).as("Debian package faketime").exists();
    Random random = new Random(seed);
    speed = hours * 60 / minutes;
    long realStart = System.nanoTime();
    Instant anchor = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant simStart = Instant.parse("2026-11-22T06:00:00Z");
    clock = new ClockSettings(simStart, anchor, speed).toClock(Clock.systemUTC());
    Map<String, String> clockEnv =
        Map.of(
            ClockSettings.SPEED_ENV, String.valueOf(speed),
            ClockSettings.START_ENV, simStart.toString(),
            ClockSettings.ANCHOR_ENV, anchor.toString());
    Instant simEnd = simStart.plusSeconds((long) (hours * 3600));
    Map<String, String> profiles = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      profiles.put("pm-" + i, "pm25-rs485");
    }
    profiles.put("wm-1", "water-meter-modbus");
    profiles.put("wm-2", "water-meter-modbus");
    profiles.put("gas-1", "gas-lel-modbus");
    profiles.put("gas-2", "gas-lel-modbus");
    List<String> detectors = List.of("gas-1", "gas-2");

    Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
    List<String> unanswered = new ArrayList<>(); // leaks without a valve write
    List<Long> valveLatencies = new ArrayList<>(); // real ms from leak to valve write
    Map<String, String> figures = new LinkedHashMap<>();
    try (Cloud cloud = Cloud.start(dir, clockEnv);
        SimSite site = new SimSite(clock, 2, profiles);
        TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true);
        SmallDisk disk = SmallDisk.mount(256)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "soak");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
      Path faketime = Files.writeString(dir.resolve("faketime"), "+0\n");
      Map<String, String> env = new HashMap<>(clockEnv);
      env.put("LD_PRELOAD", LIBFAKETIME.toString());
      env.put("FAKETIME_TIMESTAMP_FILE", faketime.toString());
      env.put("FAKETIME_NO_CACHE", "1");
      env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              site.devices(),
              Map.of(
                  "pm25-rs485", "humidity: 2m, temperature: 2m, pm2_5: 2m, pm10: 2m",
                  "water-meter-modbus", "volume: 2m, flow: 2m, battery: 2m",
                  "gas-lel-modbus", "gas: 1m, gas_alarm: 1m, valve: 1m"),
              "64MB",
              "32KB",
              env);
      int statusPort = SystemTestSupport.freePort();
      List<String> lines =
          Files.readAllLines(agent.config()).stream()
              .map(
                  l ->
                      l.replace(
                          "status: {host: 127.0.0.1, port: -1}",
                          "status: {host: 127.0.0.1, port: " + statusPort + "}"))
              .map(
                  l ->
                      l.contains("{id: gas-")
                          ? l.replace(
                              "}, unit:", "}, onAlarm: [{write: valve, value: false}], unit:")
                          : l)
              .toList();
      Files.write(agent.config(), lines);
      Path data = Files.createDirectories(disk.dir().resolve("data"));
      Files.createSymbolicLink(agent.dir().resolve("data"), data);
      Path ballast = disk.dir().resolve("ballast");

      ChildProcess[] process = {agent.start()};
      Poll.until(
          "the agent delivers",
          Duration.ofSeconds(120),
          () -> !SystemTestSupport.sent(relay).isEmpty(),
          () -> process[0].tails());

      // the faults: at most one of each kind at a time, each ending at a random simulated moment
      Map<Fault, Instant> endsAt = new EnumMap<>(Fault.class);
      Map<String, Long> leakStarted = new HashMap<>(); // detector -> real ms
      Map<String, Integer> writesAtLeak = new HashMap<>();
      String leaking = null;
      Instant next = clock.instant().plus(Duration.ofMinutes(10));
      while (clock.instant().isBefore(simEnd)) {
        Instant now = clock.instant();
        // a leak is acted on when its valve write arrives
        if (leaking != null && leakStarted.containsKey(leaking)) {
          SimDevice gas = site.sim(leaking);
          if (gas.writes().size() > writesAtLeak.get(leaking)
              && gas.writes()
                  .subList(writesAtLeak.get(leaking), gas.writes().size())
                  .contains("valve=false")) {
            valveLatencies.add(System.currentTimeMillis() - leakStarted.remove(leaking));
          }
        }
        for (Fault f : List.copyOf(endsAt.keySet())) {
          if (!now.isBefore(endsAt.get(f))) {
            endsAt.remove(f);
            switch (f) {
              case OUTAGE -> relay.restore();
              case DISK_FULL -> Files.deleteIfExists(ballast);
              case CLOCK_BACK, CLOCK_FORWARD -> Files.writeString(faketime, "+0\n");
              case LEAK -> {
                if (leakStarted.remove(leaking) != null) {
                  unanswered.add(leaking + " at " + now);
                }
                site.sim(leaking).clear("gas");
                site.sim(leaking).clear("gas_alarm");
                leaking = null;
              }
              default -> {}
            }
          }
        }
        if (!now.isBefore(next)) {
          Fault f = Fault.values()[random.nextInt(Fault.values().length)];
          boolean clockBusy =
              endsAt.containsKey(Fault.CLOCK_BACK) || endsAt.containsKey(Fault.CLOCK_FORWARD);
          boolean free =
              !endsAt.containsKey(f)
                  && !((f == Fault.CLOCK_BACK || f == Fault.CLOCK_FORWARD) && clockBusy);
          if (free) {
            injected.merge(f, 1, Integer::sum);
            switch (f) {
              case OUTAGE -> {
                relay.cut();
                endsAt.put(f, now.plus(simMinutes(random, 30, 300)));
              }
              case DISK_FULL -> {
                fill(ballast);
                endsAt.put(f, now.plus(simMinutes(random, 30, 180)));
              }
              case CLOCK_BACK, CLOCK_FORWARD -> {
                long realSeconds = Math.max(1, Math.round(6 * 3600 / speed));
                Files.writeString(
                    faketime, (f == Fault.CLOCK_BACK ? "-" : "+") + realSeconds + "\n");
                endsAt.put(f, now.plus(simMinutes(random, 30, 180)));
              }
              case KILL -> {
                process[0].kill();
                Thread.sleep(random.nextInt(2000));
                process[0] = agent.start();
              }
              case LEAK -> {
                leaking = detectors.get(random.nextInt(detectors.size()));
                SimDevice gas = site.sim(leaking);
                writesAtLeak.put(leaking, gas.writes().size());
                leakStarted.put(leaking, System.currentTimeMillis());
                gas.set("gas", Value.of(30.0));
                gas.set("gas_alarm", Value.of(true));
                endsAt.put(f, now.plus(simMinutes(random, 20, 60)));
              }
            }
          }
          next = now.plus(simMinutes(random, 10, 50));
        }
        if (!process[0].isAlive()) {
          throw new AssertionError("the agent ended by itself\n" + process[0].tails());
        }
        Thread.sleep(50);
      }
      // the day is over: every fault ends
      relay.restore();
      Files.deleteIfExists(ballast);
      Files.writeString(faketime, "+0\n");
      if (leaking != null) {
        if (leakStarted.remove(leaking) != null) {
          unanswered.add(leaking + " at the end");
        }
        site.sim(leaking).clear("gas");
        site.sim(leaking).clear("gas_alarm");
      }

      // every bus still polls: its polls go up over 5 real seconds, once the agent answers (a
      // kill -9 just before the end leaves it starting)
      Poll.until(
          "the agent answers its status endpoint",
          Duration.ofSeconds(60),
          () -> !busPolls(statusPort).isEmpty());
      Map<String, Long> before = busPolls(statusPort);
      Thread.sleep(5000);
      Map<String, Long> after = busPolls(statusPort);
      long polling =
          after.entrySet().stream()
              .filter(e -> e.getValue() > before.getOrDefault(e.getKey(), Long.MAX_VALUE))
              .count();
      JsonNode uplinkAtEnd = SystemTestSupport.agentStatus(statusPort).path("uplink");
      process[0].stop(Duration.ofSeconds(30));

      // drain what the buffer holds, then account for every seq
      Set<Long> taken = new TreeSet<>(agent.taken());
      long takenLines = agent.taken().size();
      Instant from = simStart.minus(Duration.ofDays(3));
      Map<Long, Integer>[] stored = new Map[] {Map.of()};
      Set<Long> quarantined = new TreeSet<>();
      Set<Long>[] nonReadings = new Set[] {Set.of()};
      Set<Long> missing = new TreeSet<>();
      long[] evicted = {0};
      int[] previous = {-1};
      try (ChildProcess drain = agent.startDraining()) {
        Poll.until(
            "every taken seq stored, sent as a status change or edge event, quarantined or"
                + " counted as evicted",
            Duration.ofSeconds(240),
            () -> {
              SystemTestSupport.pause(Duration.ofSeconds(2));
              try {
                stored[0] =
                    SystemTestSupport.storedSeqs(
                        cloud,
                        gateway,
                        site.devices(),
                        from,
                        clock.instant().plus(Duration.ofDays(3)));
                nonReadings[0] = SystemTestSupport.nonReadings(relay);
                quarantined.clear();
                quarantined.addAll(quarantinedSeqs(data.resolve("quarantine.jsonl")));
                evicted[0] = cloud.gatewayView(gateway).path("edgeEvicted").asLong(-1);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              missing.clear();
              missing.addAll(taken);
              missing.removeAll(stored[0].keySet());
              missing.removeAll(nonReadings[0]);
              missing.removeAll(quarantined);
              boolean still = missing.size() == previous[0];
              previous[0] = missing.size();
              return missing.isEmpty() || (still && missing.size() <= evicted[0]);
            },
            () -> missing.size() + " missing, e.g. " + missing.stream().limit(10).toList());
        drain.stop(Duration.ofSeconds(30));
      } catch (AssertionError e) {
        // the figures first, so that a failed check still says what it saw
        System.out.println("AgentSoak: " + e.getMessage());
      }

      long storedOfTaken = taken.stream().filter(stored[0]::containsKey).count();
      long sentOther =
          taken.stream()
              .filter(q -> !stored[0].containsKey(q) && nonReadings[0].contains(q))
              .count();
      long duplicates = stored[0].values().stream().filter(n -> n > 1).count();
      // seqs nobody has (never taken): the readings the full disk would not take, and the
      // numbers a killed run had reserved but not used
      Set<Long> seen = new HashSet<>(taken);
      seen.addAll(stored[0].keySet());
      seen.addAll(nonReadings[0]);
      long first = seen.stream().min(Long::compare).orElse(0L);
      long last = seen.stream().max(Long::compare).orElse(-1L);
      long nobodyHas = 0;
      for (long s = first; s <= last; s++) {
        nobodyHas += seen.contains(s) ? 0 : 1;
      }
      List<JsonNode> raised = new ArrayList<>();
      for (SystemTestSupport.Sent s : SystemTestSupport.sent(relay)) {
        for (EdgeEvent e : s.batch().edgeEvents()) {
          if (e.kind().equals(EdgeEvent.RAISED) && detectors.contains(e.deviceId())) {
            raised.add(JSON.valueToTree(e));
          }
        }
      }
      long raisedDistinct = raised.stream().map(n -> n.path("seq").asLong()).distinct().count();
      long valveWrites =
          detectors.stream()
              .mapToLong(d -> site.sim(d).writes().stream().filter("valve=false"::equals).count())
              .sum();
      JsonNode view = cloud.gatewayView(gateway);

      figures.put("seed", String.valueOf(seed));
      figures.put("simulated_hours", String.valueOf(hours));
      figures.put("speed", String.format("%.0f", speed));
      figures.put("real_seconds", String.valueOf((System.nanoTime() - realStart) / 1_000_000_000));
      for (Fault f : Fault.values()) {
        figures.put("fault_" + f.name().toLowerCase(), String.valueOf(injected.getOrDefault(f, 0)));
      }
      figures.put("agent_runs", String.valueOf(agent.runs()));
      figures.put("taken", String.valueOf(taken.size()));
      figures.put("taken_log_lines", String.valueOf(takenLines));
      figures.put("stored_once", String.valueOf(storedOfTaken));
      figures.put("sent_as_status_or_edge_event", String.valueOf(sentOther));
      figures.put("quarantined", String.valueOf(quarantined.size()));
      figures.put("edge_quarantined", String.valueOf(view.path("edgeQuarantined").asLong(-1)));
      figures.put("edge_evicted", String.valueOf(evicted[0]));
      figures.put("missing_taken", String.valueOf(missing.size()));
      figures.put(
          "missing_beyond_counted", String.valueOf(Math.max(0, missing.size() - evicted[0])));
      figures.put("never_taken_seqs", String.valueOf(nobodyHas));
      figures.put("duplicates", String.valueOf(duplicates));
      figures.put("edge_rejected", String.valueOf(view.path("edgeRejected").asLong(-1)));
      figures.put("buses", String.valueOf(after.size()));
      figures.put("buses_polling_at_end", String.valueOf(polling));
      figures.put("not_stored_last_run", String.valueOf(uplinkAtEnd.path("notStored").asLong(-1)));
      figures.put("leaks", String.valueOf(injected.getOrDefault(Fault.LEAK, 0)));
      figures.put("leaks_acted_on", String.valueOf(valveLatencies.size()));
      figures.put("edge_alarms_raised_delivered", String.valueOf(raisedDistinct));
      figures.put("valve_writes", String.valueOf(valveWrites));
      figures.put(
          "valve_latency_ms_max",
          String.valueOf(valveLatencies.stream().mapToLong(Long::longValue).max().orElse(-1)));
      figures.put("unanswered_leaks", String.join(";", unanswered).replace(' ', '_'));
      figures.put(
          "missing_examples", missing.stream().limit(10).toList().toString().replace(" ", ""));
      StringBuilder text = new StringBuilder();
      figures.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Files.writeString(out, text, StandardCharsets.UTF_8);
      System.out.println("AgentSoak:\n" + text);

      assertThat(agent.runs()).as("runs").isGreaterThan(1);
      assertThat(takenLines).as("no seq taken twice").isEqualTo(taken.size());
      assertThat(duplicates).as("readings stored more than once").isZero();
      assertThat(missing.size())
          .as("taken seqs neither stored, sent, quarantined nor counted as evicted: %s", missing)
          .isLessThanOrEqualTo((int) evicted[0]);
      assertThat(polling).as("buses polling at the end of %s", after).isEqualTo(after.size());
      assertThat(after).as("buses").hasSize(2);
      assertThat(unanswered).as("leaks without a valve write").isEmpty();
    }
  }

  private Duration simMinutes(Random random, int min, int max) {
    return Duration.ofMinutes(min + random.nextInt(max - min + 1));
  }

  /** Writes the ballast until the file system says it is full. */
  private static void fill(Path ballast) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream o = Files.newOutputStream(ballast)) {
      while (true) {
        o.write(block);
        o.flush();
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  private static Set<Long> quarantinedSeqs(Path file) throws IOException {
    Set<Long> seqs = new TreeSet<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          for (String kind : List.of("reading", "statusChange", "edgeEvent")) {
            if (n.path(kind).path("seq").isNumber()) {
              seqs.add(n.path(kind).path("seq").asLong());
            }
          }
        }
      }
    }
    return seqs;
  }

  private static Map<String, Long> busPolls(int port) {
    Map<String, Long> polls = new LinkedHashMap<>();
    for (JsonNode bus : SystemTestSupport.agentStatus(port).path("buses")) {
      polls.put(bus.path("bus").asText(), bus.path("polls").asLong());
    }
    return polls;
  }
}
