package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's data folder is wiped (a new SD card, a technician's rm -rf) while its token is kept:
 * the restarted agent numbers its readings anew, above the old numbering, and the cloud stores them
 * instead of taking them for replays, and shows that the gateway restarted its numbering.
 */
class EpochIT {
  @TempDir Path dir;

  @Test
  void aWipedDataFolderStartsANumberingTheCloudStoresAndRecords() throws Exception {
    Clock clock = Clock.systemUTC();
    Map<String, String> profiles = new LinkedHashMap<>();
    profiles.put("pm-1", "pm25-rs485");
    Instant started = clock.instant();
    try (Cloud cloud = Cloud.start(dir, Map.of());
        SimSite site = new SimSite(clock, 1, profiles);
        TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "epoch");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              site.devices(),
              Map.of(
                  "pm25-rs485", "humidity: 500ms, temperature: 500ms, pm2_5: 500ms, pm10: 500ms"),
              "64MB",
              "1MB",
              Map.of());
      Set<Long> before = run(agent, cloud, gateway, site, relay, started, Set.of());
      wipe(agent.dir().resolve("data"));
      Set<Long> after = run(agent, cloud, gateway, site, relay, started, before);

      JsonNode view = cloud.gatewayView(gateway);
      System.out.printf(
          "EpochIT: %d readings before the wipe (seq %d..%d), %d after (seq %d..%d);"
              + " numberingRestarts %d, seqStart %d%n",
          before.size(),
          first(before),
          last(before),
          after.size(),
          first(after),
          last(after),
          view.path("numberingRestarts").asLong(),
          view.path("seqStart").asLong());
      assertThat(first(after))
          .as("the new numbering starts above the old")
          .isGreaterThan(last(before));
      assertThat(view.path("numberingRestarts").asLong()).isEqualTo(1);
      assertThat(view.path("seqStart").asLong()).isEqualTo(first(after));
      assertThat(view.path("numberingRestartedAt").isNull()).isFalse();
    }
  }

  /**
   * Runs the agent until 40 new readings are taken, stops it, and waits until the cloud has every
   * reading taken in this run; returns their seqs.
   */
  private static Set<Long> run(
      AgentSetup agent,
      Cloud cloud,
      String gateway,
      SimSite site,
      TcpRelay relay,
      Instant started,
      Set<Long> earlier)
      throws Exception {
    long linesBefore = agent.takenLines();
    try (ChildProcess process = agent.start()) {
      Poll.until(
          "40 readings taken",
          Duration.ofSeconds(120),
          () -> agent.takenLines() - linesBefore > 40,
          process::tails);
      process.stop(Duration.ofSeconds(30));
    }
    List<Long> all = agent.taken();
    Set<Long> taken = new TreeSet<>(all.subList((int) linesBefore, all.size()));
    taken.removeAll(earlier);
    try (ChildProcess drain = agent.startDraining()) {
      Poll.until(
          "every reading of the run stored",
          Duration.ofSeconds(90),
          () -> {
            SystemTestSupport.pause(Duration.ofSeconds(1));
            Set<Long> readings = new TreeSet<>(taken);
            readings.removeAll(SystemTestSupport.nonReadings(relay));
            return stored(cloud, gateway, site, started).containsAll(readings);
          },
          drain::tails);
      drain.stop(Duration.ofSeconds(30));
    }
    Set<Long> readings = new TreeSet<>(taken);
    readings.removeAll(SystemTestSupport.nonReadings(relay));
    return readings;
  }

  private static Set<Long> stored(Cloud cloud, String gateway, SimSite site, Instant started) {
    try {
      return SystemTestSupport.storedSeqs(
              cloud,
              gateway,
              site.devices(),
              started.minusSeconds(60),
              Instant.now().plusSeconds(60))
          .keySet();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void wipe(Path data) throws Exception {
    try (Stream<Path> files = Files.walk(data)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static long first(Set<Long> seqs) {
    return ((TreeSet<Long>) seqs).first();
  }

  private static long last(Set<Long> seqs) {
    return ((TreeSet<Long>) seqs).last();
  }
}
