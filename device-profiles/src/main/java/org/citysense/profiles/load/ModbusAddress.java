package org.citysense.profiles.load;

import java.util.Optional;
import org.citysense.profiles.model.ModbusTable;

/**
 * A Modbus table and 0-based protocol address, read from what a profile author wrote. Datasheets
 * often number registers from 1 with the table as a leading digit (40001 = holding register 0,
 * 30001 = input register 0, 10001 = discrete input 0); such numbers are accepted with a hint when
 * the table is not given or agrees. With another table, or written in hex, a number is taken as the
 * protocol address itself.
 */
record ModbusAddress(ModbusTable table, int address) {

  static Optional<ModbusAddress> resolve(YamlMap p, ModbusTable table, long number, boolean hex) {
    Optional<ModbusTable> styled = hex ? Optional.empty() : datasheetTable(number);
    if (styled.isPresent() && (table == null || table == styled.get())) {
      int address = (int) (number % (number >= 100_000 ? 100_000 : 10_000)) - 1;
      p.hint(
          "address",
          number
              + " is a datasheet-style number: read as "
              + styled.get()
              + " "
              + address
              + " (0-based); write table: "
              + styled.get()
              + " and address: "
              + address
              + " to say so");
      return Optional.of(new ModbusAddress(styled.get(), address));
    }
    if (table == null) {
      p.error(
          "table",
          "is missing; give table (coil, discrete-input, input-register, holding-register) or a"
              + " datasheet-style address such as 40001");
      return Optional.empty();
    }
    if (number > 65_535) {
      p.error("address", number + " is out of range 0..65535");
      return Optional.empty();
    }
    return Optional.of(new ModbusAddress(table, (int) number));
  }

  /** The table a datasheet-style number (10001-19999, 30001-49999, 6-digit forms) stands for. */
  private static Optional<ModbusTable> datasheetTable(long n) {
    long prefix;
    long rest;
    if (n >= 100_001 && n <= 465_536) {
      prefix = n / 100_000;
      rest = n % 100_000;
    } else if (n >= 10_001 && n <= 49_999) {
      prefix = n / 10_000;
      rest = n % 10_000;
    } else {
      return Optional.empty();
    }
    if (rest == 0) {
      return Optional.empty();
    }
    return switch ((int) prefix) {
      case 1 -> Optional.of(ModbusTable.DISCRETE_INPUT);
      case 3 -> Optional.of(ModbusTable.INPUT_REGISTER);
      case 4 -> Optional.of(ModbusTable.HOLDING_REGISTER);
      default -> Optional.empty();
    };
  }
}
