package org.citysense.cloud.wiring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.citysense.profiles.clock.ClockSettings;

/** The cloud's clock: the system's, or the shared accelerated one when CITYSENSE_CLOCK_* say so. */
@ApplicationScoped
public class ClockWiring {
  @Produces
  @Singleton
  Clock clock() {
    return ClockSettings.fromEnvironment(System.getenv()).toClock(Clock.systemUTC());
  }
}
