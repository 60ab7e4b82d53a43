package org.citysense.modbus;

/** The Modbus exception codes and what they mean, as the application protocol spec names them. */
public final class ExceptionCode {
  public static final int ILLEGAL_FUNCTION = 1;
  public static final int ILLEGAL_DATA_ADDRESS = 2;
  public static final int ILLEGAL_DATA_VALUE = 3;
  public static final int SERVER_DEVICE_FAILURE = 4;
  public static final int SERVER_DEVICE_BUSY = 6;

  /** A TCP gateway found no path to the target unit. */
  public static final int GATEWAY_PATH_UNAVAILABLE = 0x0A;

  /** A TCP gateway sent the request on, but the target unit did not answer. */
  public static final int GATEWAY_TARGET_FAILED = 0x0B;

  private ExceptionCode() {}

  /** E.g. "illegal data address" for 2; "unknown" for codes the spec does not define. */
  public static String meaning(int code) {
    return switch (code) {
      case ILLEGAL_FUNCTION -> "illegal function";
      case ILLEGAL_DATA_ADDRESS -> "illegal data address";
      case ILLEGAL_DATA_VALUE -> "illegal data value";
      case SERVER_DEVICE_FAILURE -> "server device failure";
      case 5 -> "acknowledge";
      case SERVER_DEVICE_BUSY -> "server device busy";
      case 8 -> "memory parity error";
      case GATEWAY_PATH_UNAVAILABLE -> "gateway path unavailable";
      case GATEWAY_TARGET_FAILED -> "gateway target device failed to respond";
      default -> "unknown";
    };
  }

  /** Whether a gateway said that nobody is there, rather than a device answering itself. */
  public static boolean meansNoDevice(int code) {
    return code == GATEWAY_PATH_UNAVAILABLE || code == GATEWAY_TARGET_FAILED;
  }
}
