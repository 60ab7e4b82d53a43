package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No reading may be lost: the simulator feeds 30 Modbus devices, the cloud receives, and the agent
 * is killed with SIGKILL at random moments, 50 times over. Then an agent without devices drains the
 * buffer. Every seq the agent recorded as taken (on disk) is then stored in the cloud exactly once,
 * or was a status change or edge event the agent sent (those are not readings; the relay in front
 * of the cloud saw them go out), and the cloud counted no rejection.
 */
class CrashIT {
  private static final int KILLS = 50;
  private static final Map<String, String> EVERY_SECOND =
      Map.of(
          "pm25-rs485", "humidity: 1s, temperature: 1s, pm2_5: 1s, pm10: 1s",
          "water-meter-modbus", "volume: 1s, flow: 1s, battery: 1s",
          "gas-lel-modbus", "gas: 1s, gas_alarm: 1s, valve: 1s");

  @TempDir Path dir;

  @Test
  void killedFiftyTimesLosesNothingAndDuplicatesNothing() throws Exception {
    long started = System.nanoTime();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Map<String, String> profiles = new LinkedHashMap<>();
    for (int i = 1; i <= 10; i++) {
      profiles.put("pm-" + i, "pm25-rs485");
      profiles.put("wm-" + i, "water-meter-modbus");
      profiles.put("gas-" + i, "gas-lel-modbus");
    }
    Instant from = Instant.now().minus(Duration.ofHours(1));
    try (Cloud cloud = Cloud.start(dir, Map.of());
        SimSite site = new SimSite(java.time.Clock.systemUTC(), 2, profiles);
        TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "crash");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              site.devices(),
              EVERY_SECOND,
              "64MB",
              "1MB",
              Map.of());

      List<Long> runMillis = new ArrayList<>();
      for (int kill = 1; kill <= KILLS; kill++) {
        long before = agent.takenLines();
        ChildProcess process = agent.start();
        long t0 = System.nanoTime();
        try {
          // it has started taking readings; then a random moment within the next 1.5 s
          Poll.until(
              "run " + kill + " takes a reading",
              Duration.ofSeconds(120),
              () -> agent.takenLines() > before || !process.isAlive(),
              process::tails);
          assertThat(process.isAlive()).as("run %d is alive\n%s", kill, process.tails()).isTrue();
          Thread.sleep(random.nextInt(1500));
        } finally {
          process.kill();
        }
        runMillis.add((System.nanoTime() - t0) / 1_000_000);
      }
      List<Long> takenByKilledRuns = agent.taken();

      ChildProcess drain = agent.startDraining();
      Map<Long, Integer> stored;
      try {
        Set<Long> wanted = new HashSet<>(takenByKilledRuns);
        AtomicReference<Map<Long, Integer>> last = new AtomicReference<>(Map.of());
        Poll.until(
            "every taken seq is stored or was sent as a status change or edge event",
            Duration.ofSeconds(180),
            () -> {
              SystemTestSupport.pause(Duration.ofSeconds(2));
              if (!drain.isAlive()) {
                throw new AssertionError("the draining agent ended\n" + drain.tails());
              }
              try {
                last.set(
                    SystemTestSupport.storedSeqs(
                        cloud, gateway, site.devices(), from, Instant.now().plusSeconds(3600)));
              } catch (Exception e) {
                throw new AssertionError(e);
              }
              Set<Long> missing = new HashSet<>(wanted);
              missing.removeAll(last.get().keySet());
              missing.removeAll(SystemTestSupport.nonReadings(relay));
              return missing.isEmpty();
            },
            () -> drain.tails() + "\n" + cloud.tails());
        stored = last.get();
      } finally {
        drain.stop(Duration.ofSeconds(30));
      }

      List<Long> taken = agent.taken();
      Set<Long> nonReadings = SystemTestSupport.nonReadings(relay);
      Set<Long> takenSet = new TreeSet<>(taken);
      List<Long> lost = new ArrayList<>();
      for (long seq : takenSet) {
        if (!stored.containsKey(seq) && !nonReadings.contains(seq)) {
          lost.add(seq);
        }
      }
      long duplicates = stored.values().stream().filter(n -> n > 1).count();
      long rejected = cloud.gatewayView(gateway).path("edgeRejected").asLong(-1);
      long takenReadings = takenSet.stream().filter(stored::containsKey).count();
      System.out.printf(
          "CrashIT: seed %d, %d SIGKILLs (runs of %d..%d ms), %d taken (%d lines in taken.log)"
              + " = %d readings stored + %d status changes/edge events sent + %d lost; %d readings"
              + " stored in all, %d duplicates, edgeRejected %d, %d s%n",
          seed,
          KILLS,
          runMillis.stream().mapToLong(Long::longValue).min().orElse(0),
          runMillis.stream().mapToLong(Long::longValue).max().orElse(0),
          takenSet.size(),
          taken.size(),
          takenReadings,
          takenSet.size() - takenReadings - lost.size(),
          lost.size(),
          stored.size(),
          duplicates,
          rejected,
          (System.nanoTime() - started) / 1_000_000_000);

      assertThat(agent.runs()).isEqualTo(KILLS + 1);
      assertThat(takenSet).as("the agent took readings").hasSizeGreaterThan(KILLS);
      assertThat(taken).as("no seq was taken twice").hasSameSizeAs(takenSet);
      assertThat(lost).as("taken but neither stored nor sent").isEmpty();
      assertThat(duplicates).as("readings stored more than once").isZero();
      assertThat(rejected).as("edgeRejected (every device is registered)").isZero();
    }
  }
}
