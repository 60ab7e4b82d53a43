package org.citysense.sim.modbus;

/** Modbus exception codes the simulator answers with. */
public final class ExceptionCode {
  public static final int ILLEGAL_FUNCTION = 1;
  public static final int ILLEGAL_DATA_ADDRESS = 2;
  public static final int ILLEGAL_DATA_VALUE = 3;
  public static final int SLAVE_DEVICE_BUSY = 6;
  public static final int GATEWAY_TARGET_FAILED = 0x0B;

  private ExceptionCode() {}
}
