package org.citysense.cloud.wiring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import org.citysense.cloud.pipeline.RuleWorker;

/**
 * Prometheus gauges of the rules: lag behind the ingest (entries, items, seconds), items set aside,
 * items judged since start, the rules' thread alive (1) or not (0).
 */
@ApplicationScoped
public class RulesMetrics {
  void register(
      @Observes StartupEvent start, MeterRegistry registry, RuleWorker runtime, Clock clock) {
    Gauge.builder("citysense_rules_lag_entries", runtime, r -> r.status().lag().entries())
        .register(registry);
    Gauge.builder("citysense_rules_lag_items", runtime, r -> r.status().lag().items())
        .register(registry);
    Gauge.builder(
            "citysense_rules_lag_seconds", runtime, r -> r.status().lag().seconds(clock.instant()))
        .register(registry);
    Gauge.builder("citysense_rules_set_aside", runtime, r -> r.status().setAside())
        .register(registry);
    Gauge.builder("citysense_rules_judged_items", runtime, r -> r.status().judged())
        .register(registry);
    Gauge.builder("citysense_rules_alive", runtime, r -> r.status().alive() ? 1 : 0)
        .register(registry);
  }
}
