package org.citysense.profiles.device;

/**
 * Serial line settings. The default is the Modbus standard: 9600 baud, 8 data bits, even, 1 stop.
 */
public record SerialSettings(int baud, int dataBits, Parity parity, int stopBits) {
  public static final SerialSettings MODBUS_DEFAULT = new SerialSettings(9600, 8, Parity.EVEN, 1);

  /** Bits on the line per character, start bit included; RTU timing derives from it. */
  public int bitsPerCharacter() {
    return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
  }

  @Override
  public String toString() {
    return baud + " " + dataBits + parity.code() + stopBits;
  }
}
