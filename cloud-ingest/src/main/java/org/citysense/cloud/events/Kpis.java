package org.citysense.cloud.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.citysense.cloud.events.EventRepository.KpiRow;

/** The closed-loop measures over the events raised in a period, per unit and in total. */
final class Kpis {
  private Kpis() {}

  /**
   * @param rows the database's sums, one per unit
   * @return the total first (unit null), then one row per unit that raised events, by unit id
   */
  static List<UnitKpi> of(List<KpiRow> rows) {
    List<UnitKpi> kpis = new ArrayList<>();
    kpis.add(
        of(
            new KpiRow(
                null,
                rows.stream().mapToLong(KpiRow::raised).sum(),
                rows.stream().mapToLong(KpiRow::resolved).sum(),
                rows.stream().mapToLong(KpiRow::closed).sum(),
                rows.stream().mapToDouble(KpiRow::resolveSeconds).sum(),
                rows.stream().mapToLong(KpiRow::overdue).sum())));
    // an event without a unit (none is routed so today) counts in the total only
    rows.stream()
        .filter(r -> r.unitId() != null)
        .sorted(Comparator.comparing(KpiRow::unitId))
        .forEach(r -> kpis.add(of(r)));
    return kpis;
  }

  private static UnitKpi of(KpiRow r) {
    return new UnitKpi(
        r.unitId(),
        r.raised(),
        r.resolved(),
        r.closed(),
        r.raised() == 0 ? 0 : (double) r.closed() / r.raised(),
        r.resolved() == 0 ? null : r.resolveSeconds() / r.resolved(),
        r.overdue());
  }
}
