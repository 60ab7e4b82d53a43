package org.citysense.profiles.model;

import java.util.Arrays;
import java.util.Optional;

/** The four Modbus data tables, with the function codes that read and write them. */
public enum ModbusTable {
  COIL("coil", true, true, 1),
  DISCRETE_INPUT("discrete-input", true, false, 2),
  INPUT_REGISTER("input-register", false, false, 4),
  HOLDING_REGISTER("holding-register", false, true, 3);

  private final String id;
  private final boolean bitTable;
  private final boolean writable;
  private final int readFunction;

  ModbusTable(String id, boolean bitTable, boolean writable, int readFunction) {
    this.id = id;
    this.bitTable = bitTable;
    this.writable = writable;
    this.readFunction = readFunction;
  }

  public String id() {
    return id;
  }

  /** Coils and discrete inputs hold single bits; the other two hold 16-bit registers. */
  public boolean isBitTable() {
    return bitTable;
  }

  public boolean isWritable() {
    return writable;
  }

  public int readFunction() {
    return readFunction;
  }

  public static Optional<ModbusTable> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
