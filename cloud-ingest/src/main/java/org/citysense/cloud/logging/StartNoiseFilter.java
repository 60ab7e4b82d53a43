package org.citysense.cloud.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Drops the few lines a clean start prints that nobody running the service can act on, each by its
 * logger and the start of its text, so that a real warning of the same logger still shows:
 *
 * <ul>
 *   <li>Flyway's note that H2 is newer than the versions it was checked with (the bundled H2 is the
 *       one our migrations are tested on, in every build);
 *   <li>Micrometer's note that Netty's worker gauge is registered twice (Quarkus's Netty and Vert.x
 *       binders both register it; the second registration is ignored);
 *   <li>SmallRye's SRMSG00207 that the MQTT ingest's method has no channel: MQTT is off by default
 *       ({@code citysense.mqtt.enabled}), and the start says so;
 *   <li>Quarkus's "Profile prod activated": the embedded defaults are not a production set-up, and
 *       the line read as if they were; other profiles' lines stay.
 * </ul>
 */
@LoggingFilter(name = "citysense-start-noise")
public final class StartNoiseFilter implements Filter {
  /** A line to drop: its logger, and the start of its formatted text. */
  record Noise(String logger, String prefix) {
    boolean matches(String loggerName, String text) {
      return logger.equals(loggerName) && text != null && text.startsWith(prefix);
    }
  }

  static final List<Noise> NOISE =
      List.of(
          new Noise("org.flywaydb.core.internal.database.base.Database", "Using H2 "),
          new Noise(
              "io.micrometer.core.instrument.MeterRegistry",
              "This Gauge has been already registered (MeterId{name='netty.eventexecutor.workers'"),
          new Noise("io.smallrye.reactive.messaging.provider", "SRMSG00207"),
          new Noise("io.quarkus", "Profile prod activated."));

  @Override
  public boolean isLoggable(LogRecord record) {
    String text =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    String logger = record.getLoggerName();
    for (Noise noise : NOISE) {
      if (noise.matches(logger, text)) {
        return false;
      }
    }
    return true;
  }
}
