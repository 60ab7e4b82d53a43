package org.citysense.agent.modbustcp;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.Optional;
import org.citysense.modbus.Mbap;

/**
 * One Modbus TCP answer frame as the length-field decoder cut it: MBAP header fields and the PDU.
 * Its own type so that the header is read in one place that a fuzz test can reach without a socket.
 */
record MbapAnswer(int transaction, int protocol, int unitId, byte[] pdu) {

  /** Cuts answer frames from the stream by the MBAP length field: a new one per connection. */
  static LengthFieldBasedFrameDecoder frameDecoder() {
    // MBAP: transaction (2), protocol (2), length (2) of what follows it
    return new LengthFieldBasedFrameDecoder(Mbap.MAX_FRAME, Mbap.LENGTH_OFFSET, 2);
  }

  /**
   * Reads {@code frame}: transaction (2), protocol (2), length (2, already used), unit id (1), PDU;
   * empty when the frame is too short to hold a header and a function code (a length field of 0 or
   * 1 makes such a frame), which no request can take for its answer.
   */
  static Optional<MbapAnswer> read(ByteBuf frame) {
    if (frame.readableBytes() < Mbap.HEADER + 1) {
      return Optional.empty();
    }
    int transaction = frame.readUnsignedShort();
    int protocol = frame.readUnsignedShort();
    frame.skipBytes(2);
    int unitId = frame.readUnsignedByte();
    byte[] pdu = new byte[frame.readableBytes()];
    frame.readBytes(pdu);
    return Optional.of(new MbapAnswer(transaction, protocol, unitId, pdu));
  }
}
