package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * The gateway's data folder on a real 256 KiB file system, the cloud unreachable: the buffer fills
 * the disk. A gas detector then leaks: the valve is closed, the buses go on polling, the status
 * endpoint says the disk is full, and the alarm, held in memory, reaches the cloud once it is back.
 * As the backlog drains the disk frees up and the buffer writes again by itself; in the end every
 * seq the agent used is stored once, sent as a status change or edge event, or counted as not
 * stored in the cloud's edgeEvicted: the counted ones are exactly the seqs nobody has.
 */
class DiskFullIT {

  @TempDir Path dir;

  @Test
  void aFullDiskLosesOnlyCountedReadingsAndNeverAnAlarm() throws Exception {
    Clock clock = Clock.systemUTC();
    Map<String, String> profiles = new LinkedHashMap<>();
    profiles.put("pm-1", "pm25-rs485");
    profiles.put("pm-2", "pm25-rs485");
    profiles.put("wm-1", "water-meter-modbus");
    profiles.put("gas-1", "gas-lel-modbus");
    Instant started = clock.instant();
    try (Cloud cloud = Cloud.start(dir, Map.of());
        SimSite site = new SimSite(clock, 2, profiles);
        TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "disk-full");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
      String every = "200ms";
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              site.devices(),
              Map.of(
                  "pm25-rs485",
                  "humidity: "
                      + every
                      + ", temperature: "
                      + every
                      + ", pm2_5: "
                      + every
                      + ", pm10: "
                      + every,
                  "water-meter-modbus",
                  "volume: " + every + ", flow: " + every + ", battery: " + every),
              "64MB",
              "32KB",
              Map.of());
      int statusPort = SystemTestSupport.freePort();
      Path config = agent.config();
      List<String> lines =
          Files.readAllLines(config).stream()
              .map(
                  l ->
                      l.replace(
                          "status: {host: 127.0.0.1, port: -1}",
                          "status: {host: 127.0.0.1, port: " + statusPort + "}"))
              .map(
                  l ->
                      l.contains("{id: gas-1,")
                          ? l.replace(
                              "}, unit:", "}, onAlarm: [{write: valve, value: false}], unit:")
                          : l)
              .toList();
      Files.write(config, lines);
      assertThat(Files.readString(config)).contains("onAlarm").contains("port: " + statusPort);
      try (SmallDisk disk = SmallDisk.mount(256)) {
        Files.createSymbolicLink(agent.dir().resolve("data"), disk.dir());
        SimDevice gas = site.sim("gas-1");
        try (ChildProcess process = agent.start()) {
          Poll.until(
              "the agent delivers",
              Duration.ofSeconds(120),
              () -> !SystemTestSupport.sent(relay).isEmpty(),
              process::tails);
          relay.cut();
          Poll.until(
              "the buffer finds the disk full",
              Duration.ofSeconds(180),
              () -> uplink(statusPort).path("diskError").isTextual(),
              () ->
                  "status: "
                      + SystemTestSupport.agentStatus(statusPort)
                      + ", free: "
                      + free(disk)
                      + "\n"
                      + process.tails());
          long pollsWhenFull = polls(statusPort);
          gas.set("gas", Value.of(30.0));
          Poll.until(
              "the valve closed by the edge alarm, the disk full",
              Duration.ofSeconds(60),
              () -> gas.writes().contains("valve=false"),
              process::tails);
          Poll.until(
              "the buses poll on",
              Duration.ofSeconds(60),
              () -> polls(statusPort) > pollsWhenFull + 50,
              process::tails);
          JsonNode full = uplink(statusPort);
          assertThat(full.path("diskError").asText()).contains("No space left on device");
          assertThat(full.path("notStored").asLong()).isPositive();
          // the alarm's items went to the priority lane's last page if it had room, else into
          // memory (heldInMemory): either way they are sent first, as the next steps check

          long restoreMark = relay.arrivals();
          relay.restore();
          Poll.until(
              "the edge alarm reaches the cloud",
              Duration.ofSeconds(120),
              () ->
                  SystemTestSupport.sent(relay).stream()
                      .filter(s -> s.arrival() > restoreMark)
                      .flatMap(s -> s.batch().edgeEvents().stream())
                      .anyMatch(
                          e -> e.deviceId().equals("gas-1") && e.kind().equals(EdgeEvent.RAISED)),
              process::tails);
          Poll.until(
              "the buffer writes to disk again",
              Duration.ofSeconds(180),
              () -> uplink(statusPort).path("diskError").isNull(),
              () ->
                  "status: " + SystemTestSupport.agentStatus(statusPort) + "\n" + process.tails());
          gas.clear("gas");
          process.stop(Duration.ofSeconds(30));
        }

        // what the agent took is stored once or was sent otherwise; what it never took is
        // exactly what it counted as not stored
        Set<Long> taken = new TreeSet<>(agent.taken());
        try (ChildProcess drain = agent.startDraining()) {
          Poll.until(
              "every taken seq stored or sent",
              Duration.ofSeconds(180),
              () -> missing(taken, cloud, gateway, site, started, relay).isEmpty(),
              () -> {
                List<Long> missing = missing(taken, cloud, gateway, site, started, relay);
                return taken.size()
                    + " taken, "
                    + missing.size()
                    + " missing, e.g. "
                    + missing.stream().limit(20).toList()
                    + "\n"
                    + drain.tails();
              });
          drain.stop(Duration.ofSeconds(30));
        }
        Set<Long> nonReadings = SystemTestSupport.nonReadings(relay);
        Map<Long, Integer> stored = stored(cloud, gateway, site, started);
        Set<Long> seen = new HashSet<>(taken);
        seen.addAll(stored.keySet());
        seen.addAll(nonReadings);
        long first = seen.stream().min(Long::compare).orElseThrow();
        long last = seen.stream().max(Long::compare).orElseThrow();
        Set<Long> nobodyHas = new TreeSet<>();
        for (long s = first; s <= last; s++) {
          if (!seen.contains(s)) {
            nobodyHas.add(s);
          }
        }
        long evicted = cloud.gatewayView(gateway).path("edgeEvicted").asLong(-1);
        System.out.printf(
            "DiskFullIT: %d seqs used, %d taken, %d stored, %d sent as status/edge events,"
                + " %d nobody has, edgeEvicted %d, duplicates %d%n",
            last - first + 1,
            taken.size(),
            stored.size(),
            nonReadings.size(),
            nobodyHas.size(),
            evicted,
            stored.values().stream().filter(n -> n > 1).count());
        assertThat(stored.values()).as("readings stored more than once").allMatch(n -> n == 1);
        assertThat(nobodyHas).as("seqs neither stored nor sent").isNotEmpty();
        assertThat(evicted).as("edgeEvicted: the readings not stored").isEqualTo(nobodyHas.size());
      }
    }
  }

  /** Taken seqs that are neither stored nor sent as a status change or edge event. */
  private static List<Long> missing(
      Set<Long> taken, Cloud cloud, String gateway, SimSite site, Instant started, TcpRelay relay) {
    SystemTestSupport.pause(Duration.ofSeconds(1));
    try {
      Map<Long, Integer> stored = stored(cloud, gateway, site, started);
      Set<Long> nonReadings = SystemTestSupport.nonReadings(relay);
      return taken.stream()
          .filter(s -> !stored.containsKey(s) && !nonReadings.contains(s))
          .toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Map<Long, Integer> stored(
      Cloud cloud, String gateway, SimSite site, Instant started) throws Exception {
    return SystemTestSupport.storedSeqs(
        cloud, gateway, site.devices(), started.minusSeconds(60), Instant.now().plusSeconds(60));
  }

  private static long polls(int port) {
    long polls = 0;
    for (JsonNode bus : SystemTestSupport.agentStatus(port).path("buses")) {
      polls += bus.path("polls").asLong();
    }
    return polls;
  }

  private static JsonNode uplink(int port) {
    return SystemTestSupport.agentStatus(port).path("uplink");
  }

  private static long free(SmallDisk disk) {
    try {
      return disk.free();
    } catch (IOException e) {
      return -1;
    }
  }
}
