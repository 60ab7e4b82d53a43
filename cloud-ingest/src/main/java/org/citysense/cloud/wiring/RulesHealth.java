package org.citysense.cloud.wiring;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import org.citysense.cloud.pipeline.RuleRuntime;
import org.citysense.cloud.pipeline.RuleWorker;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * The rules in {@code /q/health}: a liveness check (the rules' thread runs, and which partitions of
 * the hand-off it judges) and a wellness check, down while the rules lag the ingest by more than
 * {@code citysense.rules.max-lag} (degraded: the ingest still takes batches, which wait in the
 * log), with the lag in entries, items and seconds and the items set aside. Readiness stays with
 * the ingest: a lag is no reason to refuse batches.
 */
@ApplicationScoped
public class RulesHealth {
  @Inject RuleWorker runtime;
  @Inject Clock clock;

  @ConfigProperty(name = "citysense.rules.enabled", defaultValue = "true")
  boolean enabled;

  @ConfigProperty(name = "citysense.rules.consume", defaultValue = "true")
  boolean consume;

  @ConfigProperty(name = "citysense.rules.max-lag", defaultValue = "60s")
  Duration maxLag;

  @Liveness
  HealthCheck alive() {
    return () -> {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("rules thread");
      if (!enabled || !consume) {
        return b.up().withData("running", false).build();
      }
      RuleRuntime.Status s = runtime.status();
      String partitions =
          runtime.partitions().stream()
              .sorted()
              .map(String::valueOf)
              .collect(Collectors.joining(","));
      return b.status(s.alive())
          .withData("position", s.position())
          .withData("partitions", partitions)
          .build();
    };
  }

  @Wellness
  HealthCheck lag() {
    return () -> {
      HealthCheckResponseBuilder b = HealthCheckResponse.named("rules lag");
      if (!enabled) {
        return b.up().withData("rules", "off").build();
      }
      RuleRuntime.Status s = runtime.status();
      double seconds = s.lag().seconds(clock.instant());
      boolean fine = consume && !s.degraded(clock.instant(), maxLag);
      return b.status(fine)
          .withData("state", fine ? "ok" : "degraded")
          .withData("lagEntries", s.lag().entries())
          .withData("lagItems", s.lag().items())
          .withData("lagSeconds", Math.round(seconds * 10) / 10.0 + "")
          .withData("maxLagSeconds", maxLag.toSeconds())
          .withData("setAside", s.setAside())
          .build();
    };
  }
}
