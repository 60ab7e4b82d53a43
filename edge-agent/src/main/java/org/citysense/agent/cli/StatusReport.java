package org.citysense.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent's status document ({@code GET /status}) as an installer reads it: the uplink first,
 * then devices with problems before those that answer, then buses. Ages are measured against the
 * document's own {@code time}, the agent's clock.
 */
final class StatusReport {
  private static final List<String> STATES = List.of("offline", "unknown", "online");
  private final JsonNode doc;
  private final Instant now;

  StatusReport(JsonNode doc) {
    this.doc = doc;
    this.now = instant(doc.path("time").asText(null));
  }

  void print(PrintWriter out) {
    out.printf(
        "gateway %s, agent time %s%n",
        doc.path("gatewayId").asText("?"), doc.path("time").asText("?"));
    uplink(out, doc.path("uplink"));
    devices(out, doc.path("devices"));
    buses(out, doc.path("buses"));
    for (JsonNode push : doc.path("push")) {
      out.println("push    " + push.asText());
    }
    if (doc.path("openProblems").asInt() > 0) {
      out.printf(
          "open problems: %d point(s) cannot be read (journalctl -u citysense-edge-agent)%n",
          doc.path("openProblems").asInt());
    }
  }

  private void uplink(PrintWriter out, JsonNode u) {
    if (u.isMissingNode() || u.isNull()) {
      out.println("cloud   none: the config has no cloud section; readings go to its output");
      return;
    }
    out.println("cloud   " + u.path("cloud").asText("?"));
    long priority = u.path("priorityDepth").asLong();
    long depth = u.path("bufferDepth").asLong();
    out.printf(
        "  buffer         %d unsent: %d priority, %d normal (%s on disk)%n",
        depth, priority, depth - priority, bytes(u.path("bufferBytes").asLong()));
    out.println("  oldest unsent  " + timeAndAge(u.path("oldestUnsent"), "none, all sent"));
    out.printf(
        "  last success   %s; %d batches, %d readings sent since start%n",
        timeAndAge(u.path("lastSuccess"), "never since the agent started"),
        u.path("batchesSent").asLong(),
        u.path("readingsSent").asLong());
    if (u.path("lastError").isTextual()) {
      out.printf(
          "  last error     %s (%d failure(s) in a row; last attempt %s)%n",
          u.path("lastError").asText(),
          u.path("consecutiveFailures").asInt(),
          timeAndAge(u.path("lastAttempt"), "never"));
    } else {
      out.println("  last error     none");
    }
    if (u.path("needsPeople").asBoolean()) {
      out.println(
          "  NEEDS PEOPLE   retrying will not fix this (token refused, TLS, a bad request);"
              + " see docs/install.md, Troubleshooting");
    }
    if (u.path("diskError").isTextual()) {
      out.printf(
          "  DISK FULL      the buffer cannot write (%s): readings are not stored, alarms are"
              + " held in memory (%d); free space in the data folder%n",
          u.path("diskError").asText(), u.path("heldInMemory").asLong());
    }
    out.printf(
        "  evicted        %d (dropped for the disk budget, or not stored: %d this run)%n",
        u.path("evicted").asLong(), u.path("notStored").asLong());
    out.printf(
        "  rejected       %d (refused by the cloud, never resent)%n", u.path("rejected").asLong());
    out.printf(
        "  quarantined    %d (refused by the cloud as a whole batch; kept in %s)%n",
        u.path("quarantined").asLong(), "quarantine.jsonl in the data folder");
    out.println("  clock offset   " + clock(u));
  }

  /** The gateway's clock minus the cloud's, as the cloud saw it in its last answer. */
  private static String clock(JsonNode u) {
    if (u.path("lastSuccess").isNull() || u.path("lastSuccess").isMissingNode()) {
      return "unknown until the cloud answers";
    }
    long ms = u.path("clockOffsetMs").asLong();
    long abs = Math.abs(ms);
    String size =
        abs < 10_000
            ? abs + " ms"
            : abs < 3_600_000 ? abs / 1000 + " s" : age(Duration.ofMillis(abs));
    String offset = size + (ms >= 0 ? " ahead of the cloud" : " behind the cloud");
    return u.path("clockFlagged").asBoolean()
        ? offset + ": FLAGGED by the cloud; set the gateway's time (NTP)"
        : offset;
  }

  private static void devices(PrintWriter out, JsonNode devices) {
    List<String> counts = new ArrayList<>();
    for (String state : STATES) {
      counts.add(count(devices, state) + " " + state);
    }
    out.printf("devices %d: %s%n", devices.size(), String.join(", ", counts));
    for (String state : STATES) {
      for (JsonNode d : devices) {
        if (state(d).equals(state)) {
          out.println("  " + device(d));
        }
      }
    }
  }

  private static String device(JsonNode d) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-8s %-16s %-20s %s",
                state(d),
                d.path("id").asText(),
                d.path("profile").asText(),
                d.path("bus").asText()));
    int failures = d.path("consecutiveFailures").asInt();
    if (failures > 0) {
      line.append(", ").append(failures).append(" failed poll(s) in a row");
    }
    if (d.path("lastProblem").isTextual()) {
      line.append(", last problem: ").append(d.path("lastProblem").asText());
    } else if (state(d).equals("unknown")) {
      line.append(", no answer yet");
    }
    return line.toString();
  }

  private static String state(JsonNode d) {
    return d.path("state").asText("unknown");
  }

  private static long count(JsonNode devices, String state) {
    long n = 0;
    for (JsonNode d : devices) {
      n += state(d).equals(state) ? 1 : 0;
    }
    return n;
  }

  private static void buses(PrintWriter out, JsonNode buses) {
    out.println("buses   " + buses.size());
    for (JsonNode b : buses) {
      out.printf(
          Locale.ROOT,
          "  %-28s queue %d, %d polls, %d failed, %d refused, %d requests%s%n",
          b.path("bus").asText(),
          b.path("queueDepth").asLong(),
          b.path("polls").asLong(),
          b.path("failedPolls").asLong(),
          b.path("rejected").asLong(),
          b.path("requests").asLong(),
          b.path("lanes").asInt(1) > 1 ? ", " + b.path("lanes").asInt() + " lanes" : "");
    }
  }

  private String timeAndAge(JsonNode time, String none) {
    if (!time.isTextual()) {
      return none;
    }
    Instant at = instant(time.asText());
    if (at == null || now == null) {
      return time.asText();
    }
    Duration d = Duration.between(at, now);
    return time.asText()
        + (d.isNegative() ? " (in " + age(d.negated()) + ")" : " (" + age(d) + " ago)");
  }

  /** A duration as people say it: 42 s, 5 min, 3 h 20 min, 2 d 4 h. */
  static String age(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min";
    }
    if (s < 86_400) {
      return s / 3600 + " h " + s % 3600 / 60 + " min";
    }
    return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
