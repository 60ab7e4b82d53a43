package org.citysense.agent.modbustcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.profiles.model.ModbusTable;

/**
 * Bytes from a Modbus TCP endpoint as the agent's Netty master reads them: cut into frames by the
 * MBAP length, each header read, each PDU parsed for the request. A frame longer than Modbus allows
 * is a {@link DecoderException} (the master closes the connection); a frame too short for a header
 * and a function code is discarded; anything else ends in a {@link Reply}, never another exception.
 * The first byte picks the request.
 */
class TcpReplyFuzzTest {
  private static final ModbusRequest[] REQUESTS = {
    ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 2),
    ModbusRequest.read(ModbusTable.COIL, 0, 10),
    ModbusRequest.writeRegister(10, 0x1234),
    ModbusRequest.writeRegisters(10, new int[] {1, 2}),
  };

  @FuzzTest(maxDuration = "10s")
  void answers(byte[] input) {
    if (input.length == 0) {
      return;
    }
    ModbusRequest request = REQUESTS[(input[0] & 0xFF) % REQUESTS.length];
    EmbeddedChannel channel = new EmbeddedChannel(MbapAnswer.frameDecoder());
    try {
      channel.writeInbound(Unpooled.wrappedBuffer(input, 1, input.length - 1));
    } catch (DecoderException tooLong) {
      // the master's exceptionCaught closes the connection: the documented outcome
    }
    for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
      try {
        MbapAnswer.read(frame)
            .ifPresent(
                answer -> {
                  Reply reply = request.parse(answer.pdu());
                  assertThat(reply.isOk() || reply.failure() != null).isTrue();
                });
      } finally {
        frame.release();
      }
    }
    try {
      channel.finishAndReleaseAll();
    } catch (DecoderException tooLong) {
      // reported when the channel closes if the bytes that overflowed came after a whole frame
    }
  }
}
