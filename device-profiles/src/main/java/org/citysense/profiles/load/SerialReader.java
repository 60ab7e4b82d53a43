package org.citysense.profiles.load;

import java.util.Arrays;
import java.util.List;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;

/** Reads serial line settings (baud, dataBits, parity, stopBits) over given defaults. */
final class SerialReader {
  static final List<String> FIELDS = List.of("baud", "dataBits", "parity", "stopBits");
  private static final List<Long> BAUDS =
      List.of(1200L, 2400L, 4800L, 9600L, 19200L, 38400L, 57600L, 115200L, 230400L);

  private SerialReader() {}

  /** Reads the settings fields of {@code m}; the caller decides which other fields are allowed. */
  static SerialSettings readFields(YamlMap m, SerialSettings defaults) {
    int baud = m.integer("baud", false, 1, 4_000_000).orElse((long) defaults.baud()).intValue();
    if (m.has("baud") && !BAUDS.contains((long) baud)) {
      m.error("baud", baud + " is not a standard rate; use one of " + BAUDS);
    }
    int dataBits = m.integer("dataBits", false, 7, 8).orElse((long) defaults.dataBits()).intValue();
    Parity parity =
        m.choice(
                "parity",
                false,
                Parity::byCode,
                Arrays.stream(Parity.values()).map(Parity::code).toList())
            .orElse(defaults.parity());
    int stopBits = m.integer("stopBits", false, 1, 2).orElse((long) defaults.stopBits()).intValue();
    return new SerialSettings(baud, dataBits, parity, stopBits);
  }

  static SerialSettings read(YamlMap m, SerialSettings defaults) {
    m.allowOnly(FIELDS);
    return readFields(m, defaults);
  }
}
