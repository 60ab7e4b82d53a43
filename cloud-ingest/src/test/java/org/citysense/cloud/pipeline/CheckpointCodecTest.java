package org.citysense.cloud.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.Evaluators;
import org.citysense.cloud.evaluate.RuleDirectory;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.Seed;
import org.citysense.cloud.evaluate.StationPlace;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.rules.RuleReader;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/**
 * Every bundled rule's state goes through the checkpoint's JSON and comes back: each evaluator's
 * record is readable, and the state read back is written the same way again.
 */
class CheckpointCodecTest {
  private static final Instant T0 = Instant.parse("2026-12-07T02:00:00Z");
  private final RuleSet rules = new RuleReader().bundledDefaults();
  private final CheckpointCodec codec = new CheckpointCodec();

  private final RuleDirectory directory =
      new RuleDirectory() {
        @Override
        public Optional<DeviceContext> device(String id) {
          String station = id.startsWith("pm") || id.startsWith("lvl") ? "st-" + id : null;
          String household = station == null ? "h-" + id : null;
          return Optional.of(new DeviceContext(id, "gw-1", "any", station, household, "c1"));
        }

        @Override
        public Optional<String> gatewayUnit(String gatewayId) {
          return Optional.of("c1");
        }

        @Override
        public List<StationPlace> stationsMeasuring(Quantity q) {
          List<StationPlace> places = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            places.add(new StationPlace("st-pm-" + i, "c1", 31.23 + i * 0.01, 121.47));
          }
          return places;
        }

        @Override
        public OptionalDouble stationLevel(String stationId, String level) {
          return OptionalDouble.of(2.5);
        }
      };

  private RuleEngine engine() {
    return new RuleEngine(
        directory, ProfileCatalog.bundled(), new Evaluators(directory)::of, rules);
  }

  @Test
  void everyRulesStateComesBackFromItsJson() {
    RuleEngine engine = engine();
    long seq = 0;
    for (int minute = 0; minute < 20; minute++) {
      List<WireReading> readings = new ArrayList<>();
      long ts = T0.plusSeconds(minute * 60L).toEpochMilli();
      for (int i = 0; i < 4; i++) {
        readings.add(reading(++seq, "pm-" + i, "pm2_5", Quantity.PM2_5, Value.of(30 + i * 20), ts));
      }
      readings.add(reading(++seq, "gas-1", "gas", Quantity.GAS, Value.of(25), ts));
      readings.add(reading(++seq, "gas-1", "gas_alarm", Quantity.GAS_ALARM, Value.of(true), ts));
      readings.add(reading(++seq, "sos-1", "button", Quantity.ALARM_BUTTON, Value.of(true), ts));
      readings.add(reading(++seq, "smoke-1", "smoke", Quantity.SMOKE, Value.of(true), ts));
      readings.add(reading(++seq, "wm-1", "volume", Quantity.WATER_VOLUME, Value.of(100), ts));
      readings.add(reading(++seq, "wm-1", "battery", Quantity.BATTERY, Value.of(12), ts));
      readings.add(
          reading(++seq, "lvl-1", "level", Quantity.WATER_LEVEL, Value.of(2 + minute * 0.1), ts));
      readings.add(reading(++seq, "co-1", "co", Quantity.CO, Value.of(60), ts));
      engine.evaluate(minute + 1, new Accepted("gw-1", T0, readings, List.of(), List.of()));
    }
    engine.resumed(T0.plusSeconds(1300), T0.plusSeconds(1400));
    byte[] saved = codec.encode(engine.states());

    RuleEngine restarted = engine();
    List<String> restored = restarted.restore(codec.decode(saved), Seed.NONE);

    assertThat(restored).containsExactlyInAnyOrderElementsOf(engine.states().keySet());
    assertThat(restored).hasSize(rules.rules().size());
    assertThat(json(restarted.states())).isEqualTo(json(engine.states()));
  }

  @Test
  void aChangedRuleStartsAfreshAndAnUnreadableCheckpointRestoresNothing() {
    RuleEngine engine = engine();
    byte[] saved = codec.encode(engine.states());
    RuleSet changed =
        new RuleReader()
            .read(
                "rules.yaml",
                "rules:\n  - {id: gas-high, type: threshold, quantity: gas, above: 30}\n");
    RuleEngine other =
        new RuleEngine(directory, ProfileCatalog.bundled(), new Evaluators(directory)::of, changed);

    assertThat(other.restore(codec.decode(saved), Seed.NONE)).isEmpty();
    assertThat(engine.restore(codec.decode(new byte[] {1, 2, 3}), Seed.NONE)).isEmpty();
  }

  /** The states as text, each subject's in a stable order, to compare two engines'. */
  private String json(Map<String, RuleEngine.RuleState> states) {
    return new String(codecText(states)).lines().sorted().toList().toString();
  }

  private byte[] codecText(Map<String, RuleEngine.RuleState> states) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(states);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static WireReading reading(
      long seq, String device, String point, Quantity q, Value v, long ts) {
    return new WireReading(seq, device, point, q, v, q.canonicalUnit().symbol(), ts, Quality.GOOD);
  }
}
