package org.citysense.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One line of the agent's log, as logback's pattern {@code %d{HH:mm:ss.SSS} %-5level %logger{20} -
 * %msg%n} writes it (with the stack trace of an exception below), without logback's pattern
 * machinery: its parser and converters are some 80 classes a gateway keeps loaded for one fixed
 * format (docs/benchmarks.md, issue 17). {@code LogLineTest} holds it to the pattern's output.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {
  /** {@code %logger{20}}: packages cut to their first letter until the name is about this long. */
  static final int LOGGER_LENGTH = 20;

  private final ZoneId zone = ZoneId.systemDefault();

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    LocalTime time = Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone).toLocalTime();
    pad(line, time.getHour(), 2).append(':');
    pad(line, time.getMinute(), 2).append(':');
    pad(line, time.getSecond(), 2).append('.');
    pad(line, time.getNano() / 1_000_000, 3).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
    line.append(abbreviate(event.getLoggerName(), LOGGER_LENGTH)).append(" - ");
    line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
    }
    return line.toString();
  }

  private static StringBuilder pad(StringBuilder line, int value, int digits) {
    String s = Integer.toString(value);
    return line.append("0".repeat(Math.max(0, digits - s.length()))).append(s);
  }

  /**
   * What {@code %logger{length}} prints: from the left, each package cut to its first letter until
   * the name fits in {@code length} or only the class name is left whole.
   */
  static String abbreviate(String name, int length) {
    int lastDot = name.lastIndexOf('.');
    if (name.length() < length || lastDot < 0) {
      return name;
    }
    // how many letters the packages must lose for the whole to fit
    int toTrim = lastDot - Math.max(0, length - (name.length() - lastDot));
    StringBuilder cut = new StringBuilder(name.length());
    int trimmed = 0;
    boolean segmentStart = true;
    int i = 0;
    for (; i < lastDot; i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (trimmed >= toTrim) {
          break;
        }
        cut.append(c);
        segmentStart = true;
      } else if (segmentStart) {
        cut.append(c);
        segmentStart = false;
      } else {
        trimmed++;
      }
    }
    return cut.append(name, i, name.length()).toString();
  }
}
