package org.citysense.cloud.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class StartNoiseFilterTest {
  private final StartNoiseFilter filter = new StartNoiseFilter();

  @Test
  void dropsTheStartLinesNobodyCanActOn() {
    assertThat(
            loggable(
                "org.flywaydb.core.internal.database.base.Database",
                "Using H2 %s which is newer than the version Flyway has been verified with.",
                "2.4.240"))
        .isFalse();
    assertThat(
            loggable(
                "io.micrometer.core.instrument.MeterRegistry",
                "This Gauge has been already registered (MeterId{name='netty.eventexecutor.workers',"
                    + " tags=[]}), the registration will be ignored."))
        .isFalse();
    assertThat(
            loggable(
                "io.smallrye.reactive.messaging.provider",
                "SRMSG00207: Some components are not connected"))
        .isFalse();
    assertThat(loggable("io.quarkus", "Profile %s activated. %s", "prod", "")).isFalse();
  }

  @Test
  void keepsEverythingElseOfTheSameLoggers() {
    assertThat(
            loggable(
                "org.flywaydb.core.internal.database.base.Database", "Migration of schema failed"))
        .isTrue();
    assertThat(
            loggable(
                "io.micrometer.core.instrument.MeterRegistry",
                "This Gauge has been already registered (MeterId{name='citysense.rules.lag'"))
        .isTrue();
    assertThat(loggable("io.smallrye.reactive.messaging.provider", "SRMSG00231: disabled"))
        .isTrue();
    assertThat(loggable("io.quarkus", "Profile %s activated. %s", "postgresql", "")).isTrue();
    assertThat(loggable("io.quarkus", "cloud-ingest started in 2.1s")).isTrue();
    assertThat(loggable("org.citysense.cloud.Other", "Using H2 2.4.240")).isTrue();
  }

  private boolean loggable(String logger, String format, Object... params) {
    ExtLogRecord record =
        new ExtLogRecord(Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF, logger);
    record.setLoggerName(logger);
    record.setParameters(params);
    return filter.isLoggable(record);
  }
}
