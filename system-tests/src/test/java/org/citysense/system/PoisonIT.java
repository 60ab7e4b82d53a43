package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.citysense.agent.buffer.BufferSettings;
import org.citysense.agent.buffer.DurableBuffer;
import org.citysense.agent.buffer.Item;
import org.citysense.agent.uplink.Forwarder;
import org.citysense.agent.uplink.Quarantine;
import org.citysense.agent.uplink.UplinkSettings;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One item in a gateway's buffer that the cloud cannot take (a reading in a unit that is not its
 * quantity's, as a bug in a driver might make), behind it an alarm: the agent's own buffer and
 * forwarder against the real cloud. The cloud refuses the batch as a whole, naming the item's
 * field; the forwarder sends what precedes it at once, alarm first, sets the item aside in
 * quarantine with the cloud's reason, and sends the rest: every other reading is stored once, and
 * the cloud's view of the gateway counts one quarantined item.
 */
class PoisonIT {
  private static final long POISON = 100;
  private static final long ALARM = 1001;

  @TempDir Path dir;

  @Test
  void theRefusedItemGoesToQuarantineAndNothingElseWaits() throws Exception {
    try (Cloud cloud = Cloud.start(dir, Map.of());
        TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "poison");
      cloud.importDevices(
          gateway,
          "devices:\n"
              + "  - {id: pm-1, profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, unitId: 1},"
              + " unit: "
              + SystemTestSupport.COMMUNITY
              + "}\n"
              + "  - {id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, unitId: 2},"
              + " unit: "
              + SystemTestSupport.COMMUNITY
              + "}\n");
      Instant t0 = Instant.now().minusSeconds(600);
      Path data = Files.createDirectories(dir.resolve("agent"));
      DurableBuffer buffer =
          new DurableBuffer(
              data.resolve("buffer"),
              new BufferSettings(64L << 20, 1 << 20, Duration.ofMillis(50)),
              null);
      for (long seq = 1; seq <= 1000; seq++) {
        String unit = seq == POISON ? "ppb" : "µg/m³";
        buffer.append(
            new Item.Reading(
                new WireReading(
                    seq,
                    "pm-1",
                    "pm2_5",
                    Quantity.PM2_5,
                    Value.of(35.5),
                    unit,
                    t0.plusMillis(seq * 100).toEpochMilli(),
                    Quality.GOOD),
                false));
      }
      buffer.append(
          new Item.Reading(
              new WireReading(
                  ALARM,
                  "gas-1",
                  "gas",
                  Quantity.GAS,
                  Value.of(30.0),
                  "%LEL",
                  Instant.now().toEpochMilli(),
                  Quality.GOOD),
              true));
      buffer.sync();
      UplinkSettings settings =
          UplinkSettings.http(
                  URI.create("http://127.0.0.1:" + relay.port()), cloud.gatewayToken(gateway))
              .withBatching(500, Duration.ofMillis(50));
      Quarantine quarantine = new Quarantine(data);
      Forwarder forwarder =
          new Forwarder(
              gateway,
              buffer,
              settings.open(gateway),
              settings,
              () -> new GatewayClock(true, "ntp", 1),
              Clock.systemUTC(),
              quarantine,
              1L);
      try {
        forwarder.start();
        Poll.until(
            "the buffer drained",
            Duration.ofSeconds(60),
            () -> buffer.stats().depth() == 0,
            () -> "depth " + buffer.stats().depth() + ", sent " + forwarder.stats());
      } finally {
        forwarder.close();
        buffer.close();
      }

      List<SystemTestSupport.Sent> sent = SystemTestSupport.sent(relay);
      assertThat(sent.get(0).batch().readings())
          .extracting(WireReading::seq)
          .contains(ALARM, POISON);
      assertThat(sent.get(1).batch().readings())
          .as("the next request: the alarm, and what precedes the refused item")
          .extracting(WireReading::seq)
          .startsWith(ALARM)
          .doesNotContain(POISON);

      Map<Long, Integer> stored =
          SystemTestSupport.storedSeqs(
              cloud,
              gateway,
              List.of(
                  new SimSite.Device("pm-1", "pm25-rs485", "127.0.0.1", 0, 1),
                  new SimSite.Device("gas-1", "gas-lel-modbus", "127.0.0.1", 0, 2)),
              t0.minusSeconds(60),
              Instant.now().plusSeconds(60));
      List<Long> expected = new ArrayList<>(LongStream.rangeClosed(1, 1000).boxed().toList());
      expected.remove(POISON);
      expected.add(ALARM);
      assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(stored.values()).allMatch(n -> n == 1);

      List<String> quarantined = Files.readAllLines(quarantine.file());
      assertThat(quarantined).hasSize(1);
      assertThat(quarantined.get(0)).contains("\"seq\":" + POISON).contains("unit");
      assertThat(cloud.gatewayView(gateway).path("edgeQuarantined").asLong(-1)).isEqualTo(1);
      System.out.printf(
          "PoisonIT: %d requests; quarantined: %s%n", sent.size(), quarantined.get(0));
    }
  }
}
