package org.citysense.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The demo's printed story: one line per step, stamped with the shared clock's local time. */
final class Timeline {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final PrintStream out;
  private final Clock clock;
  private final ZoneId zone;
  private volatile boolean stamped = true;

  Timeline(PrintStream out, Clock clock, ZoneId zone) {
    this.out = out;
    this.clock = clock;
    this.zone = zone;
  }

  Clock clock() {
    return clock;
  }

  ZoneId zone() {
    return zone;
  }

  /** A line stamped with {@code when} (a reading's or event's time). */
  synchronized void at(Instant when, String text) {
    if (!stamped) {
      return;
    }
    out.println("[sim " + time(when) + "] " + text);
    out.flush();
  }

  /** A line stamped with the clock's present. */
  void now(String text) {
    at(clock.instant(), text);
  }

  /** From now on stamped lines are dropped: the summary is not interleaved with late news. */
  void stopStamped() {
    stamped = false;
  }

  /** A line without a stamp (headings, set-up, the end). */
  synchronized void say(String text) {
    out.println(text);
    out.flush();
  }

  String time(Instant when) {
    return HH_MM.format(when.atZone(zone));
  }
}
