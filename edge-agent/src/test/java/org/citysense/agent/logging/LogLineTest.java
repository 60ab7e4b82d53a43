package org.citysense.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/**
 * {@link LogLine} writes what logback's pattern of the agent's log wrote, character for character.
 */
class LogLineTest {
  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";

  private final LoggerContext context = new LoggerContext();
  private final PatternLayout pattern = new PatternLayout();
  private final LogLine line = new LogLine();

  LogLineTest() {
    pattern.setContext(context);
    pattern.setPattern(PATTERN);
    pattern.start();
    line.setContext(context);
    line.start();
  }

  private static final List<String> LOGGERS =
      List.of(
          "org.citysense.agent.uplink.Forwarder",
          "org.citysense.agent.Agent",
          "org.citysense.agent.modbustcp.ModbusTcpMaster",
          "io.netty.channel.DefaultChannelPipeline",
          "io.moquette.broker.Server",
          "com.example.Other",
          "Root",
          "ROOT",
          "a.b.C",
          "abcdefghijklmnopqrst",
          "abcdefghijklmnopqrs.T",
          "org.citysense.VeryLongClassNameThatAloneExceedsTheLength",
          "x.y",
          ".leading.Dot",
          "trailing.dot.",
          "org..double.Dot");

  @Test
  void everyLevelAndLoggerReadsAsThePattern() {
    long time = 1_796_666_998_546L;
    for (String name : LOGGERS) {
      for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
        LoggingEvent event = event(name, level, "sent {} readings [{}]", null, 500, name);
        event.setTimeStamp(time);
        time += 3_607_001L;
        assertThat(line.doLayout(event)).as(name + " " + level).isEqualTo(pattern.doLayout(event));
      }
    }
  }

  /** Local time, the half-hour zones and the hours around a change of summer time included. */
  @Test
  void theTimeIsLocalAsInThePattern() {
    TimeZone was = TimeZone.getDefault();
    try {
      for (String zone : List.of("Asia/Shanghai", "America/St_Johns", "Australia/Lord_Howe")) {
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        PatternLayout inZone = new PatternLayout();
        inZone.setContext(context);
        inZone.setPattern(PATTERN);
        inZone.start();
        LogLine lineInZone = new LogLine();
        lineInZone.setContext(context);
        lineInZone.start();
        // 2026-03-08 00:00 UTC and every 7 min 13.7 s for six days: St. John's and Lord Howe change
        for (long t = 1_772_928_000_000L; t < 1_773_446_400_000L; t += 433_700L) {
          LoggingEvent event = event("org.citysense.agent.Agent", Level.INFO, "m", null);
          event.setTimeStamp(t);
          assertThat(lineInZone.doLayout(event))
              .as(zone + " " + t)
              .isEqualTo(inZone.doLayout(event));
        }
      }
    } finally {
      TimeZone.setDefault(was);
    }
  }

  @Test
  void randomLoggerNamesAbbreviateAsThePattern() {
    Random random = new Random(17);
    String letters = "abc.DEF.ghij";
    for (int n = 0; n < 5_000; n++) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int i = 0; i < length; i++) {
        name.append(letters.charAt(random.nextInt(letters.length())));
      }
      LoggingEvent event = event(name.toString(), Level.INFO, "m", null);
      assertThat(line.doLayout(event)).as(name.toString()).isEqualTo(pattern.doLayout(event));
    }
  }

  @Test
  void anExceptionWithCauseAndSuppressedReadsAsThePattern() {
    IllegalStateException thrown =
        new IllegalStateException("broken", new java.io.IOException("disk full"));
    thrown.addSuppressed(new RuntimeException("while closing"));
    LoggingEvent event =
        event("org.citysense.agent.buffer.DurableBuffer", Level.WARN, "could not", thrown);

    assertThat(line.doLayout(event))
        .isEqualTo(pattern.doLayout(event))
        .contains("Caused by: java.io.IOException: disk full")
        .contains("Suppressed: java.lang.RuntimeException: while closing");
  }

  private LoggingEvent event(
      String logger, Level level, String message, Throwable thrown, Object... args) {
    Logger l = context.getLogger(logger);
    return new LoggingEvent(Logger.class.getName(), l, level, message, thrown, args);
  }
}
