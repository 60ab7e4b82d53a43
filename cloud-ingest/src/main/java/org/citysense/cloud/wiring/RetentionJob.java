package org.citysense.cloud.wiring;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.notify.Notifier;
import org.citysense.cloud.store.ReadingStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes raw readings older than {@code citysense.readings.retention}, and the events' outbox
 * changes the notifier has passed that are older than a week, once an hour.
 */
@ApplicationScoped
public class RetentionJob {
  private static final Logger LOG = Logger.getLogger(RetentionJob.class);

  @Inject ReadingStore store;
  @Inject EventService events;
  @Inject DataSource dataSource;
  @Inject Clock clock;

  @ConfigProperty(name = "citysense.readings.retention", defaultValue = "P400D")
  Duration retention;

  @Scheduled(every = "1h", delayed = "10m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void apply() {
    long deleted = store.deleteBefore(clock.instant().minus(retention));
    if (deleted > 0) {
      LOG.infof("deleted %d readings older than %s", deleted, retention);
    }
    // without notifications nobody reads the outbox: a week of it is kept all the same
    long passed = new ConsumerPositions(dataSource).get(Notifier.CONSUMER).orElse(Long.MAX_VALUE);
    int pruned = events.pruneChanges(passed, clock.instant().minus(Duration.ofDays(7)));
    if (pruned > 0) {
      LOG.infof("deleted %d changes of the events' outbox older than a week", pruned);
    }
  }
}
