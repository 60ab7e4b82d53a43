package org.citysense.cloud.wiring;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.citysense.cloud.store.ReadingStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Deletes raw readings older than {@code citysense.readings.retention}, once an hour. */
@ApplicationScoped
public class RetentionJob {
  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  @Inject ReadingStore store;
  @Inject Clock clock;

  @ConfigProperty(name = "citysense.readings.retention", defaultValue = "P400D")
  Duration retention;

  @Scheduled(every = "1h", delayed = "10m")
  void apply() {
    long deleted = store.deleteBefore(clock.instant().minus(retention));
    if (deleted > 0) {
      LOG.infof("deleted %d readings older than %s", deleted, retention);
    }
  }
}
