package org.citysense.cloud.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Transactions;

/**
 * Maintenance mode: a window in which a device's events are tests (a technician testing a detector
 * pages nobody). {@link EventService} marks the events it raises meanwhile.
 */
public final class MaintenanceService {
  private final Transactions db;
  private final Clock clock;
  private final MaintenanceRepository maintenance = new MaintenanceRepository();

  public MaintenanceService(DataSource dataSource, Clock clock) {
    this.db = new Transactions(dataSource);
    this.clock = clock;
  }

  /**
   * Puts a device in maintenance mode from now until {@code until}, replacing an earlier window:
   * its events are tests meanwhile.
   *
   * @throws IllegalArgumentException when {@code until} is not after now
   */
  public Maintenance start(String deviceId, Instant until, String actor, String note) {
    requireText("deviceId", deviceId);
    requireText("actor", actor);
    Instant now = now();
    if (until == null || !until.isAfter(now)) {
      throw new IllegalArgumentException("until must be after now (" + now + "), was " + until);
    }
    Maintenance m = new Maintenance(deviceId, now, micros(until), actor, note);
    db.inTransaction(
        "starting maintenance of " + deviceId,
        c -> {
          maintenance.put(c, m);
          return null;
        });
    return m;
  }

  /** Ends the device's maintenance window now, if one is running. */
  public void end(String deviceId, String actor) {
    requireText("actor", actor);
    Instant now = now();
    db.once(
        "ending maintenance of " + deviceId,
        c -> {
          maintenance.end(c, deviceId, now, actor);
          return null;
        });
  }

  /** The device's maintenance window if it is running now. */
  public Optional<Maintenance> current(String deviceId) {
    Instant now = now();
    return db.once("reading maintenance of " + deviceId, c -> maintenance.at(c, deviceId, now));
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  /** The clock to the microsecond, as both databases keep it. */
  private Instant now() {
    return micros(clock.instant());
  }

  private static Instant micros(Instant t) {
    return t.truncatedTo(ChronoUnit.MICROS);
  }
}
