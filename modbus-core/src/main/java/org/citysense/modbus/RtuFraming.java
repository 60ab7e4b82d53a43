package org.citysense.modbus;

import org.citysense.profiles.decode.Crc16;

/** Modbus RTU's frame: unit id, PDU, CRC-16 low byte first. */
public final class RtuFraming {
  private RtuFraming() {}

  /** The frame of {@code pdu} for {@code unitId}. */
  public static byte[] frame(int unitId, byte[] pdu) {
    byte[] frame = new byte[pdu.length + 3];
    frame[0] = (byte) unitId;
    System.arraycopy(pdu, 0, frame, 1, pdu.length);
    int crc = Crc16.modbus(frame, 0, pdu.length + 1);
    frame[pdu.length + 1] = (byte) crc;
    frame[pdu.length + 2] = (byte) (crc >>> 8);
    return frame;
  }

  /** The CRC the last two of {@code length} bytes carry. */
  public static int sentCrc(byte[] frame, int start, int length) {
    return (frame[start + length - 2] & 0xFF) | (frame[start + length - 1] & 0xFF) << 8;
  }

  /** The CRC due for the first {@code length - 2} bytes from {@code start}. */
  public static int dueCrc(byte[] frame, int start, int length) {
    return Crc16.modbus(frame, start, length - 2);
  }
}
