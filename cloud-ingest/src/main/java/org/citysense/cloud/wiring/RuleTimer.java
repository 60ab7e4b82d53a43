package org.citysense.cloud.wiring;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.citysense.cloud.evaluate.RuleEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Lets the rules notice silence (devices and gateways that stopped talking) between batches. */
@ApplicationScoped
public class RuleTimer {
  @Inject RuleEngine engine;

  @ConfigProperty(name = "citysense.rules.enabled", defaultValue = "true")
  boolean enabled;

  @Scheduled(every = "${citysense.rules.tick:5s}", delayed = "5s")
  void tick() {
    if (enabled) {
      engine.tick();
    }
  }
}
