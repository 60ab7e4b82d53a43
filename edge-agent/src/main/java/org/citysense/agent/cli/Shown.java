package org.citysense.agent.cli;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Value;

/** Raw values and decoded numbers as the installer's commands print them. */
final class Shown {
  private static final int MAX_TEXT = 60;

  private Shown() {}

  /**
   * Registers as hex words ({@code 0x007D 0x0000}), a bit as 1 or 0, a frame as hex bytes, an OPC
   * UA variable's typed value as it is.
   */
  static String raw(RawValue raw) {
    if (raw instanceof RawValue.Registers r) {
      return Arrays.stream(r.words())
          .mapToObj(w -> String.format("0x%04X", w))
          .collect(Collectors.joining(" "));
    }
    if (raw instanceof RawValue.Bit b) {
      return b.on() ? "1" : "0";
    }
    if (raw instanceof RawValue.Frame f) {
      return HexFormat.ofDelimiter(" ").formatHex(f.bytes());
    }
    if (raw instanceof RawValue.Typed t) {
      return value(t.value());
    }
    if (raw instanceof RawValue.Json j) {
      return abbreviate(j.document().toString());
    }
    return "\"" + abbreviate(((RawValue.Text) raw).text().strip()) + "\"";
  }

  static String value(Value value) {
    return value instanceof Value.Num n ? number(n.value()) : value.toString();
  }

  /** The shortest form that reads back as the value; a float32 value as the float it was. */
  static String number(double v) {
    String s = v == (double) (float) v ? Float.toString((float) v) : Double.toString(v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }
}
