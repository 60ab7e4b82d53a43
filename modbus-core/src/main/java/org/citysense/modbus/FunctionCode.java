package org.citysense.modbus;

/** The Modbus function codes this project speaks, as the application protocol spec numbers them. */
public final class FunctionCode {
  public static final int READ_COILS = 1;
  public static final int READ_DISCRETE_INPUTS = 2;
  public static final int READ_HOLDING_REGISTERS = 3;
  public static final int READ_INPUT_REGISTERS = 4;
  public static final int WRITE_SINGLE_COIL = 5;
  public static final int WRITE_SINGLE_REGISTER = 6;
  public static final int WRITE_MULTIPLE_COILS = 15;
  public static final int WRITE_MULTIPLE_REGISTERS = 16;

  /** Set on the function code of an exception answer. */
  public static final int EXCEPTION_BIT = 0x80;

  private FunctionCode() {}

  /** Functions 1 to 4. */
  public static boolean isRead(int function) {
    return function >= READ_COILS && function <= READ_INPUT_REGISTERS;
  }

  /** Functions 1 and 2, which answer packed bits. */
  public static boolean readsBits(int function) {
    return function == READ_COILS || function == READ_DISCRETE_INPUTS;
  }

  /** One of the eight functions above. */
  public static boolean isKnown(int function) {
    return isRead(function)
        || function == WRITE_SINGLE_COIL
        || function == WRITE_SINGLE_REGISTER
        || function == WRITE_MULTIPLE_COILS
        || function == WRITE_MULTIPLE_REGISTERS;
  }
}
