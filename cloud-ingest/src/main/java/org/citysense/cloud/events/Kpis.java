package org.citysense.cloud.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.citysense.cloud.events.EventRepository.KpiRow;

/** The closed-loop measures over the events raised in a period, per unit and in total. */
final class Kpis {
  private Kpis() {}

  /**
   * @param now the cloud's clock, to tell events still unresolved past their due time
   * @return the total first (unit null), then one row per unit that raised events, by unit id
   */
  static List<UnitKpi> of(List<KpiRow> rows, Instant now) {
    Map<String, List<KpiRow>> byUnit = new TreeMap<>();
    for (KpiRow r : rows) {
      // an event without a unit (none is routed so today) counts in the total only
      if (r.unitId() != null) {
        byUnit.computeIfAbsent(r.unitId(), u -> new ArrayList<>()).add(r);
      }
    }
    List<UnitKpi> kpis = new ArrayList<>();
    kpis.add(of(null, rows, now));
    byUnit.forEach((unit, unitRows) -> kpis.add(of(unit, unitRows, now)));
    return kpis;
  }

  private static UnitKpi of(String unitId, List<KpiRow> rows, Instant now) {
    long resolved = 0;
    long closed = 0;
    long overdue = 0;
    long resolveMillis = 0;
    for (KpiRow r : rows) {
      if (r.resolvedAt() != null) {
        resolved++;
        resolveMillis += Duration.between(r.raisedAt(), r.resolvedAt()).toMillis();
        if (r.resolvedAt().isAfter(r.dueAt())) {
          overdue++;
        }
      } else if (now.isAfter(r.dueAt())) {
        overdue++;
      }
      if (r.status() == EventStatus.CLOSED) {
        closed++;
      }
    }
    long raised = rows.size();
    return new UnitKpi(
        unitId,
        raised,
        resolved,
        closed,
        raised == 0 ? 0 : (double) closed / raised,
        resolved == 0 ? null : resolveMillis / 1000.0 / resolved,
        overdue);
  }
}
