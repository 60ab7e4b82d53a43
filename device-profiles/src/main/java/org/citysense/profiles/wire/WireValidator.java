package org.citysense.profiles.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.model.Value;

/**
 * The rules of wire format v1 that JSON types alone cannot say: required fields, value present
 * exactly when quality allows, value kind and unit matching the quantity, numbers finite, unique
 * sequence numbers.
 */
public final class WireValidator {
  private WireValidator() {}

  /** Every problem in {@code batch}, each naming its field; empty when the batch is valid. */
  public static List<WireFormatException> validate(Batch b) {
    List<WireFormatException> problems = new ArrayList<>();
    if (b.v() != Batch.VERSION) {
      problems.add(new WireFormatException("v", "version " + b.v() + " is not supported; send 1"));
    }
    required(problems, "gatewayId", b.gatewayId());
    required(problems, "batchId", b.batchId());
    positive(problems, "sentAt", b.sentAt());
    if (b.seqStart() != null && b.seqStart() < 1) {
      problems.add(new WireFormatException("seqStart", "must be 1 or more"));
    }
    if (b.counters().evicted() < 0
        || b.counters().rejected() < 0
        || b.counters().quarantined() < 0) {
      problems.add(new WireFormatException("counters", "must not be negative"));
    }
    Map<Long, String> seqs = new HashMap<>();
    for (int i = 0; i < b.readings().size(); i++) {
      checkReading(problems, "readings[" + i + "]", b.readings().get(i), seqs);
    }
    for (int i = 0; i < b.statusChanges().size(); i++) {
      String at = "statusChanges[" + i + "]";
      StatusChange s = b.statusChanges().get(i);
      seq(problems, at, s.seq(), seqs);
      required(problems, at + ".deviceId", s.deviceId());
      if (s.state() == null) {
        problems.add(new WireFormatException(at + ".state", "is missing; online or offline"));
      }
      positive(problems, at + ".ts", s.ts());
    }
    for (int i = 0; i < b.edgeEvents().size(); i++) {
      String at = "edgeEvents[" + i + "]";
      EdgeEvent e = b.edgeEvents().get(i);
      seq(problems, at, e.seq(), seqs);
      required(problems, at + ".deviceId", e.deviceId());
      required(problems, at + ".point", e.point());
      if (!EdgeEvent.RAISED.equals(e.kind()) && !EdgeEvent.CLEARED.equals(e.kind())) {
        problems.add(
            new WireFormatException(
                at + ".kind",
                "\""
                    + e.kind()
                    + "\" is not one of "
                    + EdgeEvent.RAISED
                    + ", "
                    + EdgeEvent.CLEARED));
      }
      positive(problems, at + ".ts", e.ts());
      finite(problems, at + ".value", e.value());
      if (e.actions() != null) {
        for (int j = 0; j < e.actions().size(); j++) {
          finite(problems, at + ".actions[" + j + "].value", e.actions().get(j).value());
        }
      }
    }
    return problems;
  }

  private static void checkReading(
      List<WireFormatException> problems, String at, WireReading r, Map<Long, String> seqs) {
    seq(problems, at, r.seq(), seqs);
    required(problems, at + ".deviceId", r.deviceId());
    required(problems, at + ".point", r.point());
    positive(problems, at + ".ts", r.ts());
    if (r.quality() == null) {
      problems.add(new WireFormatException(at + ".quality", "is missing"));
    }
    if (r.quantity() == null) {
      problems.add(new WireFormatException(at + ".quantity", "is missing"));
      return;
    }
    String canonical = r.quantity().canonicalUnit().symbol();
    if (!canonical.equals(r.unit())) {
      problems.add(
          new WireFormatException(
              at + ".unit",
              "\""
                  + r.unit()
                  + "\" is not the unit of "
                  + r.quantity()
                  + "; readings travel in "
                  + canonical));
    }
    if (r.quality() != null && r.quality().hasValue() != (r.value() != null)) {
      problems.add(
          new WireFormatException(
              at + ".value",
              r.quality().hasValue()
                  ? "is missing; a reading of quality " + r.quality() + " carries a value"
                  : "must be null when quality is " + r.quality()));
    }
    if (r.value() != null && r.quantity().isBoolean() != (r.value() instanceof Value.Bool)) {
      problems.add(
          new WireFormatException(
              at + ".value",
              r.quantity()
                  + " takes a "
                  + (r.quantity().isBoolean() ? "boolean" : "number")
                  + ", not "
                  + r.value()));
    }
    finite(problems, at + ".value", r.value());
  }

  /**
   * JSON has no Infinity, but a number too large for a double ({@code 1e999}) parses as one; the
   * stores would keep it (H2) or drop it silently (InfluxDB), so it is refused here.
   */
  private static void finite(List<WireFormatException> problems, String field, Value value) {
    if (value instanceof Value.Num n && !Double.isFinite(n.value())) {
      problems.add(
          new WireFormatException(
              field, "must be a finite number, within ±1.8e308 (got " + n.value() + ")"));
    }
  }

  private static void seq(
      List<WireFormatException> problems, String at, long seq, Map<Long, String> seqs) {
    if (seq < 1) {
      problems.add(new WireFormatException(at + ".seq", "must be 1 or more"));
      return;
    }
    String first = seqs.putIfAbsent(seq, at);
    if (first != null) {
      problems.add(new WireFormatException(at + ".seq", seq + " is already used by " + first));
    }
  }

  private static void required(List<WireFormatException> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(new WireFormatException(field, "is missing"));
    }
  }

  private static void positive(List<WireFormatException> problems, String field, long value) {
    if (value <= 0) {
      problems.add(new WireFormatException(field, "must be a UTC time in epoch milliseconds"));
    }
  }
}
