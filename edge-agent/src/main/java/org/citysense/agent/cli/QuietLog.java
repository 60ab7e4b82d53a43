package org.citysense.agent.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * While an installer's one-shot command runs ({@code scan}, {@code device test}, {@code probe}…),
 * the log shows errors only: the command prints its own lines, and a driver's warning for the
 * agent's log (RtuMaster's "cannot open serial port, trying again on each request") would only
 * repeat the command's message in another form, beside it. {@code run} keeps the log as configured.
 * Done in code, on whatever configuration logback was given (a logback.xml or a configurator), and
 * undone by {@link #close()}.
 */
final class QuietLog implements AutoCloseable {
  private final Map<Logger, Level> was = new HashMap<>();

  private QuietLog() {}

  /** Raises every logger that would show warnings or less to ERROR, until {@link #close()}. */
  static QuietLog start() {
    QuietLog quiet = new QuietLog();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      for (Logger logger : context.getLoggerList()) {
        Level level = logger.getLevel();
        if (level != null && !level.isGreaterOrEqual(Level.ERROR)) {
          quiet.was.put(logger, level);
          logger.setLevel(Level.ERROR);
        }
      }
    }
    return quiet;
  }

  @Override
  public void close() {
    was.forEach(Logger::setLevel);
  }
}
