package org.citysense.agent.modbus;

/** What the Modbus exception codes mean, as the Modbus application protocol spec names them. */
public final class ExceptionCodes {
  /** A TCP gateway found no path to the target unit. */
  public static final int GATEWAY_PATH_UNAVAILABLE = 0x0A;

  /** A TCP gateway sent the request on, but the target unit did not answer. */
  public static final int GATEWAY_TARGET_FAILED = 0x0B;

  private ExceptionCodes() {}

  /** E.g. "illegal data address" for 2; "unknown" for codes the spec does not define. */
  public static String meaning(int code) {
    return switch (code) {
      case 1 -> "illegal function";
      case 2 -> "illegal data address";
      case 3 -> "illegal data value";
      case 4 -> "server device failure";
      case 5 -> "acknowledge";
      case 6 -> "server device busy";
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
