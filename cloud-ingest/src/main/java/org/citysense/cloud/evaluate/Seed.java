package org.citysense.cloud.evaluate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the registry and the stores know of the past, for a rule that starts without a saved state
 * (the first start of a version that saves it, a rule whose definition changed, an unreadable
 * checkpoint): which of its subjects have an open event (so a clearing value still resolves it),
 * when each gateway was last heard and each device last read (so silence that began before the
 * start is still reported).
 */
public interface Seed {
  /** The subjects of the rule's open and acknowledged events. */
  List<SubjectKey> raised(String ruleId);

  /** Each registered gateway's last contact, for those ever heard. */
  Map<String, Instant> gatewayContacts();

  /** Each registered device that ever reported, with the time of its newest reading. */
  Map<DeviceContext, Instant> lastReadings();

  /**
   * What this seed knows of the gateways {@code ours} accepts and of their devices: for the rules
   * of one partition of the log, which is keyed by gateway. Open events stay for every partition (a
   * raised mark nobody's readings reach does nothing).
   */
  default Seed only(java.util.function.Predicate<String> ours) {
    Seed all = this;
    return new Seed() {
      @Override
      public List<SubjectKey> raised(String ruleId) {
        return all.raised(ruleId);
      }

      @Override
      public Map<String, Instant> gatewayContacts() {
        Map<String, Instant> kept = new java.util.HashMap<>();
        all.gatewayContacts()
            .forEach(
                (gw, at) -> {
                  if (ours.test(gw)) {
                    kept.put(gw, at);
                  }
                });
        return kept;
      }

      @Override
      public Map<DeviceContext, Instant> lastReadings() {
        Map<DeviceContext, Instant> kept = new java.util.HashMap<>();
        all.lastReadings()
            .forEach(
                (d, at) -> {
                  if (d.gatewayId() != null && ours.test(d.gatewayId())) {
                    kept.put(d, at);
                  }
                });
        return kept;
      }
    };
  }

  /** Nothing known: a rule starts afresh. */
  Seed NONE =
      new Seed() {
        @Override
        public List<SubjectKey> raised(String ruleId) {
          return List.of();
        }

        @Override
        public Map<String, Instant> gatewayContacts() {
          return Map.of();
        }

        @Override
        public Map<DeviceContext, Instant> lastReadings() {
          return Map.of();
        }
      };
}
