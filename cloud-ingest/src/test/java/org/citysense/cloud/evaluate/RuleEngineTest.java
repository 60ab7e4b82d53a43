package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.rules.RuleReader;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/**
 * The engine judges an entry in event time and hands back what it found, each signal with its
 * position; a rule that throws sets that one item aside for itself, and a registry out of reach
 * stops the entry.
 */
class RuleEngineTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final RuleSet RULES =
      new RuleReader()
          .read(
              "rules.yaml",
              "rules:\n"
                  + "  - {id: gas-high, type: threshold, quantity: gas, above: 20}\n"
                  + "  - {id: smoke, type: state, quantity: smoke}\n");

  private boolean registryDown;

  private final RuleDirectory directory =
      new RuleDirectory() {
        @Override
        public Optional<DeviceContext> device(String id) {
          if (registryDown) {
            throw new DataAccessException("reading device " + id, new SQLException("refused"));
          }
          return Optional.of(new DeviceContext(id, "gw-1", "gas-lel-modbus", null, "h-1", "c1"));
        }

        @Override
        public Optional<String> gatewayUnit(String gatewayId) {
          return Optional.of("c1");
        }

        @Override
        public List<StationPlace> stationsMeasuring(Quantity q) {
          return List.of();
        }

        @Override
        public OptionalDouble stationLevel(String stationId, String level) {
          return OptionalDouble.empty();
        }
      };

  private static WireReading gas(long seq, String device, double lel, long ms) {
    return new WireReading(
        seq,
        device,
        "gas",
        Quantity.GAS,
        Value.of(lel),
        "%LEL",
        T0.plusMillis(ms).toEpochMilli(),
        Quality.GOOD);
  }

  private static Accepted accepted(List<WireReading> readings, List<EdgeEvent> alarms) {
    return new Accepted("gw-1", T0.plusSeconds(1), readings, List.of(), alarms);
  }

  @Test
  void signalsComeInEventTimeWithThePositionOfTheirItem() {
    RuleEngine engine =
        new RuleEngine(directory, ProfileCatalog.bundled(), new Evaluators(directory)::of, RULES);
    EdgeEvent alarm =
        new EdgeEvent(
            9,
            "gas-2",
            "gas",
            EdgeEvent.RAISED,
            Value.of(30.0),
            ">= 20.0",
            T0.plusMillis(5).toEpochMilli(),
            List.of());

    Evaluation found =
        engine.evaluate(
            7, accepted(List.of(gas(1, "gas-1", 25, 10), gas(2, "gas-3", 3, 0)), List.of(alarm)));

    assertThat(found.failures()).isEmpty();
    assertThat(found.signals())
        .extracting(p -> p.signal().subject().id(), Evaluation.Positioned::position)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gas-2/gas", SignalPosition.item(7, 1)),
            org.assertj.core.groups.Tuple.tuple("gas-1/gas", SignalPosition.item(7, 2)));
    assertThat(found.signals().get(0).signal().edge()).isTrue();
  }

  @Test
  void aRuleThatThrowsOnAReadingSetsItAsideForItselfAndTheOthersGoOn() {
    RuleEngine engine =
        new RuleEngine(
            directory,
            ProfileCatalog.bundled(),
            set -> {
              List<Evaluator> made = new java.util.ArrayList<>(new Evaluators(directory).of(set));
              made.add(0, new Broken(made.get(1).rule()));
              return made;
            },
            RULES);

    Evaluation found = engine.evaluate(3, accepted(List.of(gas(1, "gas-1", 25, 0)), List.of()));

    assertThat(found.signals()).extracting(p -> p.signal().ruleId()).containsExactly("gas-high");
    assertThat(found.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("smoke");
              assertThat(f.deviceId()).isEqualTo("gas-1");
              assertThat(f.position()).isEqualTo(SignalPosition.item(3, 0));
              assertThat(f.reason()).contains("a bug in this rule");
              assertThat(f.item()).isInstanceOf(WireReading.class);
            });
  }

  @Test
  void aRegistryOutOfReachStopsTheEntry() {
    RuleEngine engine =
        new RuleEngine(directory, ProfileCatalog.bundled(), new Evaluators(directory)::of, RULES);
    registryDown = true;

    assertThatThrownBy(
            () -> engine.evaluate(1, accepted(List.of(gas(1, "gas-1", 25, 0)), List.of())))
        .isInstanceOf(DataAccessException.class);
  }

  /** A rule with a bug: it throws on every reading. */
  private record Broken(org.citysense.cloud.rules.Rule rule) implements Evaluator {
    @Override
    public void observe(Observation o, SignalSink out) {
      throw new IllegalStateException("a bug in this rule");
    }

    @Override
    public org.citysense.cloud.rules.RuleStatus status() {
      return new org.citysense.cloud.rules.RuleStatus(rule.id(), rule.type(), 0, 0, 0, List.of());
    }
  }
}
