package org.citysense.agent.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.citysense.profiles.decode.Decoded;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Range;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.WordOrder;

/**
 * Decodes one read of a point's registers in every byte/word order its type allows, each through
 * the one {@link Decoder} as if the profile said that order, and ranks the results: in range first,
 * then by distance from the range, values that could not be decoded (NaN, Inf) last; ties keep the
 * configured order first. A float that decodes to a tiny non-zero value (below {@link #TINY}) ranks
 * after every in-range value: it is what a float whose low word is 0 (12.5, 100.0) becomes when its
 * words are swapped, and no sensor reports it.
 */
final class WordOrderProbe {
  static final double TINY = 1e-20;

  /** How plausible one order's value is, best first. */
  enum Verdict {
    IN_RANGE,
    TINY,
    OUT_OF_RANGE,
    INVALID
  }

  /**
   * One order's reading.
   *
   * @param distance how far outside the range the value is; 0 when in range or invalid
   * @param problem the decoder's word on a value that is not good, else null
   */
  record Candidate(
      WordOrder order,
      Decoded decoded,
      Verdict verdict,
      double distance,
      boolean configured,
      String problem) {}

  private WordOrderProbe() {}

  /** Whether {@code point} has a byte or word order to probe: a register point. */
  static boolean applies(Point point) {
    return point.source() instanceof Source.Modbus m && !m.table().isBitTable();
  }

  /** Every order the point's type allows, best first. */
  static List<Candidate> rank(String deviceId, Point point, RawValue.Registers raw) {
    Source.Modbus m = (Source.Modbus) point.source();
    Instant now = Instant.now();
    List<Candidate> candidates = new ArrayList<>();
    // configured first, so that the stable sort keeps it ahead on ties
    List<WordOrder> orders = new ArrayList<>(WordOrder.allowedFor(m.type()));
    orders.remove(m.wordOrder());
    orders.add(0, m.wordOrder());
    for (WordOrder order : orders) {
      Point as = withOrder(point, m, order);
      Decoded decoded = Decoder.decode(deviceId, as, raw, now);
      candidates.add(judge(point, m, order, decoded));
    }
    candidates.sort(
        Comparator.comparing(Candidate::verdict).thenComparingDouble(Candidate::distance));
    return candidates;
  }

  private static Candidate judge(Point point, Source.Modbus m, WordOrder order, Decoded decoded) {
    boolean configured = order == m.wordOrder();
    if (decoded.reading().value() == null) {
      return new Candidate(order, decoded, Verdict.INVALID, 0, configured, decoded.problem());
    }
    double v = decoded.reading().value().asDouble();
    Range range = point.range();
    if (range != null && !range.contains(v)) {
      double distance = v < range.min() ? range.min() - v : v - range.max();
      return new Candidate(
          order, decoded, Verdict.OUT_OF_RANGE, distance, configured, decoded.problem());
    }
    if (m.type().isFloat() && v != 0 && Math.abs(v) < TINY) {
      return new Candidate(order, decoded, Verdict.TINY, 0, configured, null);
    }
    return new Candidate(order, decoded, Verdict.IN_RANGE, 0, configured, null);
  }

  /**
   * What the ranking says: which order to set when another than the configured one is the only
   * plausible one, else how far the probe can tell.
   */
  static String hint(Point point, String profileId, List<Candidate> ranked) {
    List<Candidate> plausible =
        ranked.stream().filter(c -> c.verdict() == Verdict.IN_RANGE).toList();
    WordOrder configured = ((Source.Modbus) point.source()).wordOrder();
    if (point.range() == null) {
      return "the point has no range in its profile, so the probe cannot judge the orders;"
          + " compare the values with the device's display";
    }
    if (plausible.isEmpty()) {
      return "no order reads in range "
          + point.range()
          + "; check the point's address, type,"
          + " scale and unit, and the device's documentation";
    }
    if (plausible.size() > 1) {
      return "orders "
          + String.join(", ", plausible.stream().map(c -> c.order().name()).toList())
          + " all read in range; compare the values with the device's display";
    }
    WordOrder best = plausible.get(0).order();
    if (best == configured) {
      return "the configured order " + configured + " is the only one that reads in range";
    }
    return "the readings make sense in "
        + best
        + "; set wordOrder: "
        + best
        + " on point "
        + point.name()
        + " of profile "
        + profileId
        + " (a profile with the same id in the config's profilesDir replaces a bundled one)";
  }

  private static Point withOrder(Point p, Source.Modbus m, WordOrder order) {
    return new Point(
        p.name(),
        p.quantity(),
        p.unit(),
        new Source.Modbus(m.table(), m.address(), m.type(), order),
        p.transform(),
        p.range(),
        p.interval(),
        p.alarm(),
        p.writable());
  }
}
