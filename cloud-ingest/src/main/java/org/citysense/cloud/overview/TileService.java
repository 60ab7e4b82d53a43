package org.citysense.cloud.overview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.rules.OfflineRule;
import org.citysense.cloud.rules.RuleSet;

/**
 * Puts the tiles together: contact, active events, failed notifications from {@link TileQueries};
 * closure rate and time to resolve from {@link EventService#kpis}. A gateway counts as offline by
 * the offline rule in force (its gateway silence), or by {@code fallbackSilence} when the rule set
 * has no offline rule.
 */
public final class TileService {
  static final int CLOSURE_DAYS = 30;

  private final TileQueries queries;
  private final EventService events;
  private final Supplier<RuleSet> rules;
  private final Duration fallbackSilence;
  private final Clock clock;

  public TileService(
      TileQueries queries,
      EventService events,
      Supplier<RuleSet> rules,
      Duration fallbackSilence,
      Clock clock) {
    this.queries = queries;
    this.events = events;
    this.rules = rules;
    this.fallbackSilence = fallbackSilence;
    this.clock = clock;
  }

  /** The silence after which a gateway is offline. */
  public Duration gatewaySilence() {
    return rules.get().rules().stream()
        .filter(OfflineRule.class::isInstance)
        .map(r -> ((OfflineRule) r).gatewaySilence())
        .findFirst()
        .orElse(fallbackSilence);
  }

  /**
   * @param unitIds the units to count, null for all
   */
  public Tiles tiles(Set<String> unitIds) {
    Instant now = clock.instant();
    Duration silence = gatewaySilence();
    TileQueries.Counts contact = queries.contact(unitIds, now.minus(silence), now);
    TileQueries.ActiveEvents active = queries.active(unitIds);
    Instant oldest = active.oldestUnacknowledgedAt();
    return new Tiles(
        now,
        new Tiles.Contact(
            contact.gateways(),
            contact.gateways() - contact.gatewaysOffline(),
            contact.gatewaysOffline(),
            silence.toSeconds()),
        new Tiles.DeviceContact(
            contact.devices(),
            contact.devices() - contact.devicesOffline(),
            contact.devicesOffline(),
            contact.devicesInMaintenance()),
        active.bySeverity(),
        active.unacknowledged(),
        oldest,
        oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds()),
        queries.failedNotifications(unitIds, Duration.ofHours(24), now),
        CLOSURE_DAYS,
        events.kpis(unitIds, now.minus(Duration.ofDays(CLOSURE_DAYS)), now).get(0));
  }
}
