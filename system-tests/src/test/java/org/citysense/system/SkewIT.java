package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose clock runs ten minutes ahead of the cloud's (the agent's process under
 * libfaketime, its monotonic clock left alone): every reading it takes is stored once, none is
 * refused as coming from the future, each lands at the cloud's time, and the gateway is flagged
 * with its offset.
 */
class SkewIT {
  private static final Path LIBFAKETIME =
      Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");

  @TempDir Path dir;

  @Test
  void aGatewayTenMinutesAheadLosesNothing() throws Exception {
    assertThat(LIBFAKETIME).as("Debian package faketime, installed by scripts/test").exists();
    Clock clock = Clock.systemUTC();
    Map<String, String> profiles = new LinkedHashMap<>();
    profiles.put("pm-1", "pm25-rs485");
    profiles.put("gas-1", "gas-lel-modbus");
    Instant started = clock.instant();
    try (Cloud cloud = Cloud.start(dir, Map.of());
        SimSite site = new SimSite(clock, 1, profiles);
        TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "skew");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
      Path offset = Files.writeString(dir.resolve("faketime"), "+10m\n");
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              site.devices(),
              Map.of(
                  "pm25-rs485", "humidity: 1s, temperature: 1s, pm2_5: 1s, pm10: 1s",
                  "gas-lel-modbus", "gas: 1s, gas_alarm: 1s, valve: 1s"),
              "64MB",
              "1MB",
              Map.of(
                  "LD_PRELOAD", LIBFAKETIME.toString(),
                  "FAKETIME_TIMESTAMP_FILE", offset.toString(),
                  "FAKETIME_DONT_FAKE_MONOTONIC", "1"));
      try (ChildProcess process = agent.start()) {
        Poll.until(
            "200 readings taken",
            Duration.ofSeconds(120),
            () -> agent.takenLines() > 200,
            process::tails);
        process.stop(Duration.ofSeconds(30));
      }
      Set<Long> taken = new TreeSet<>(agent.taken());
      try (ChildProcess drain = agent.startDraining()) { // what the stop left in the buffer
        Poll.until(
            "every taken reading stored",
            Duration.ofSeconds(90),
            () -> {
              SystemTestSupport.pause(Duration.ofSeconds(1));
              Set<Long> readings = new TreeSet<>(taken);
              readings.removeAll(SystemTestSupport.nonReadings(relay));
              return stored(cloud, gateway, site, started).keySet().containsAll(readings);
            },
            drain::tails);
        drain.stop(Duration.ofSeconds(30));
      }
      Map<Long, Integer> stored = stored(cloud, gateway, site, started);
      JsonNode view = cloud.gatewayView(gateway);
      System.out.printf(
          "SkewIT: %d taken, %d stored, clockOffsetMs %d, flagged %s, edgeRejected %d%n",
          taken.size(),
          stored.size(),
          view.path("clockOffsetMs").asLong(),
          view.path("clockFlagged").asBoolean(),
          view.path("edgeRejected").asLong());
      assertThat(view.path("edgeRejected").asLong(-1)).as("readings refused").isZero();
      assertThat(view.path("clockFlagged").asBoolean()).isTrue();
      assertThat(view.path("clockOffsetMs").asLong())
          .isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(11).toMillis());
      assertThat(stored.values()).allMatch(n -> n == 1);
      assertThat(stored.size()).isGreaterThanOrEqualTo(150);
      Instant now = clock.instant();
      for (SimSite.Device d : site.devices()) {
        for (JsonNode r :
            cloud.readings(d.id(), started.minusSeconds(3600), now.plusSeconds(3600))) {
          JsonNode ts = r.get("ts");
          Instant at =
              ts.isNumber() ? Instant.ofEpochMilli(ts.asLong()) : Instant.parse(ts.asText());
          assertThat(at)
              .as("stored at the cloud's time, not ten minutes ahead")
              .isBetween(started.minusSeconds(30), now.plusSeconds(30));
        }
      }
    }
  }

  private static Map<Long, Integer> stored(
      Cloud cloud, String gateway, SimSite site, Instant started) {
    try {
      return SystemTestSupport.storedSeqs(
          cloud,
          gateway,
          site.devices(),
          started.minusSeconds(3600),
          Instant.now().plusSeconds(3600));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
