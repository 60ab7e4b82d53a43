package org.citysense.profiles.decode;

/** CRC-16/MODBUS, as Modbus RTU frames and some serial sensors use it. */
public final class Crc16 {
  private Crc16() {}

  /** The CRC of {@code length} bytes from {@code offset}; sent low byte first on the wire. */
  public static int modbus(byte[] data, int offset, int length) {
    int crc = 0xFFFF;
    for (int i = offset; i < offset + length; i++) {
      crc ^= data[i] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return crc;
  }
}
