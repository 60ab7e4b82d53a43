package org.citysense.cloud.readings;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.cloud.store.Bucket;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.quantity.Quantity;

/**
 * Readings of one device and quantity summed up per time bucket (min, mean, max, count), for charts
 * over any span: the store aggregates, so a month of readings travels as a few hundred buckets. The
 * number of buckets is bounded: without {@code every} the narrowest step of {@link #STEPS} that
 * gives at most {@code targetBuckets} is chosen; a given {@code every} that would give more than
 * {@code maxBuckets} is widened to the narrowest step that does not, and the answer says so.
 */
public final class ReadingAggregates {
  /** The steps a chart zooms through, narrowest first. */
  static final List<Duration> STEPS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1),
          Duration.ofDays(7));

  private static final Pattern EVERY = Pattern.compile("(\\d{1,6})(s|m|h|d)");

  /**
   * The answer.
   *
   * @param every the bucket width used, e.g. {@code 5m}
   * @param requestedEvery the width asked for when it was widened, else null
   */
  public record Aggregate(
      String device,
      String quantity,
      Instant from,
      Instant to,
      String every,
      String requestedEvery,
      List<Bucket> buckets) {}

  private final ReadingStore store;
  private final int targetBuckets;
  private final int maxBuckets;

  public ReadingAggregates(ReadingStore store, int targetBuckets, int maxBuckets) {
    if (targetBuckets < 1 || maxBuckets < targetBuckets) {
      throw new IllegalArgumentException("need 1 ≤ targetBuckets ≤ maxBuckets");
    }
    this.store = store;
    this.targetBuckets = targetBuckets;
    this.maxBuckets = maxBuckets;
  }

  /**
   * @param from default {@code to} − 24 h
   * @param to default now
   * @param every e.g. {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}; default chosen from the span
   * @throws QueryException naming the parameter that is missing or malformed
   */
  public Aggregate aggregate(
      String device, String quantity, String from, String to, String every, Instant now) {
    if (device == null || device.isBlank()) {
      throw new QueryException("device", "device is required (a device id)");
    }
    if (quantity == null || quantity.isBlank()) {
      throw new QueryException("quantity", "quantity is required (e.g. pm2_5)");
    }
    if (Quantity.byId(quantity).isEmpty()) {
      throw new QueryException("quantity", "quantity \"" + quantity + "\" is not a known quantity");
    }
    Instant end = instant("to", to, now);
    Instant start = instant("from", from, end.minus(ReadingQueries.DEFAULT_WINDOW));
    if (!start.isBefore(end)) {
      throw new QueryException("from", "from (" + start + ") must be before to (" + end + ")");
    }
    Duration span = Duration.between(start, end);
    Duration asked = every == null || every.isBlank() ? null : width(every.strip());
    Duration used;
    if (asked == null) {
      used = narrowest(span, targetBuckets, Duration.ZERO);
    } else if (buckets(span, asked) <= maxBuckets) {
      used = asked;
    } else {
      used = narrowest(span, maxBuckets, asked);
    }
    return new Aggregate(
        device,
        quantity,
        start,
        end,
        text(used),
        used.equals(asked) || asked == null ? null : every.strip(),
        store.aggregate(device, quantity, start, end, used));
  }

  private Duration narrowest(Duration span, int limit, Duration atLeast) {
    for (Duration step : STEPS) {
      if (step.compareTo(atLeast) >= 0 && buckets(span, step) <= limit) {
        return step;
      }
    }
    throw new QueryException(
        "from",
        "from..to spans "
            + span.toDays()
            + " days, more than "
            + limit
            + " buckets of a week; ask for a shorter span");
  }

  /** How many buckets of {@code step} the span touches at most (one more when not aligned). */
  private static long buckets(Duration span, Duration step) {
    return span.toMillis() / step.toMillis() + 1;
  }

  static Duration width(String text) {
    Matcher m = EVERY.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new QueryException(
          "every", "every \"" + text + "\" is not a bucket width such as 30s, 5m, 1h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  static String text(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static Instant instant(String field, String text, Instant fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new QueryException(
          field,
          field + " \"" + text + "\" is not an ISO-8601 instant such as 2026-11-22T03:00:00Z");
    }
  }
}
