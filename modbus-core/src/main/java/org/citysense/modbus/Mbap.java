package org.citysense.modbus;

/**
 * Modbus TCP's MBAP header: transaction id (2 bytes), protocol id 0 (2), the length of what follows
 * (2: the unit id and the PDU), unit id (1), then the PDU.
 */
public final class Mbap {
  /** The header's bytes, unit id included. */
  public static final int HEADER = 7;

  /** Where the length field is, for a length-field frame decoder. */
  public static final int LENGTH_OFFSET = 4;

  /** A whole frame at most: the header and a PDU of 253 bytes. */
  public static final int MAX_FRAME = HEADER + 253;

  private Mbap() {}

  /** The frame of {@code pdu} for {@code unitId} under {@code transaction}. */
  public static byte[] frame(int transaction, int unitId, byte[] pdu) {
    byte[] frame = new byte[HEADER + pdu.length];
    frame[0] = (byte) (transaction >>> 8);
    frame[1] = (byte) transaction;
    frame[4] = (byte) ((pdu.length + 1) >>> 8);
    frame[5] = (byte) (pdu.length + 1);
    frame[6] = (byte) unitId;
    System.arraycopy(pdu, 0, frame, HEADER, pdu.length);
    return frame;
  }
}
