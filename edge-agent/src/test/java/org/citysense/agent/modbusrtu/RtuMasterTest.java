package org.citysense.agent.modbusrtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.agent.modbus.RtuFrame;
import org.citysense.profiles.model.ModbusTable;
import org.junit.jupiter.api.Test;

/** The RTU master against a scripted line: framing, answer lengths, every failure kind. */
class RtuMasterTest {
  private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
  private final ScriptedLine line = new ScriptedLine();
  private final ModbusRequest readTwo = ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 2);

  @Test
  void aFrameGoesOutAndTheAnswerIsReadInWhateverChunksItComes() {
    byte[] answer = RtuFrame.encode(1, bytes("03 04 02 0b ff 9c"));
    line.answer(request -> List.of(Arrays.copyOf(answer, 2), Arrays.copyOfRange(answer, 2, 9)));
    RtuMaster master = master(Duration.ZERO);
    Reply reply = master.transact(1, readTwo);
    assertThat(reply.words()).containsExactly(0x020B, 0xFF9C);
    assertThat(HEX.formatHex(line.written.get(0))).isEqualTo("01 03 00 00 00 02 c4 0b");
    assertThat(master.requests()).isEqualTo(1);
  }

  @Test
  void anExceptionAnswerEndsAfterFiveBytes() {
    // whatever trails the exception frame is not waited for, nor taken as part of it
    byte[] exception = RtuFrame.encode(1, bytes("83 06"));
    line.answer(request -> List.of(exception, bytes("00 00 00 00")));
    Reply reply = master(Duration.ZERO).transact(1, readTwo);
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(reply.failure().code()).isEqualTo(6);
  }

  @Test
  void silenceIsATimeout() {
    Reply reply = master(Duration.ZERO).transact(7, readTwo);
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.TIMEOUT);
    assertThat(reply.failure().message()).contains("unit 7", "/dev/ttyTEST");
  }

  @Test
  void aBadCrcIsAChecksumFailure() {
    byte[] answer = RtuFrame.encode(1, bytes("03 04 02 0b ff 9c"));
    answer[answer.length - 1] ^= (byte) 0xFF;
    line.answer(request -> List.of(answer));
    assertThat(master(Duration.ZERO).transact(1, readTwo).failure().kind())
        .isEqualTo(Failure.Kind.CHECKSUM);
  }

  @Test
  void garbageIsMalformed() {
    line.answer(request -> List.of(bytes("17 42 99 01 02 03")));
    Reply reply = master(Duration.ZERO).transact(1, readTwo);
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(reply.failure().message()).contains("unexpected", "17 42 99");
  }

  @Test
  void aTruncatedAnswerIsMalformed() {
    byte[] answer = RtuFrame.encode(1, bytes("03 04 02 0b ff 9c"));
    line.answer(request -> List.of(Arrays.copyOf(answer, 5)));
    Reply reply = master(Duration.ZERO).transact(1, readTwo);
    assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(reply.failure().message()).contains("truncated");
  }

  @Test
  void staleInputIsDroppedBeforeTheRequest() {
    line.stale(RtuFrame.encode(1, bytes("03 04 00 01 00 02"))); // a late answer to someone else
    line.answer(request -> List.of(RtuFrame.encode(1, bytes("03 04 00 07 00 08"))));
    assertThat(master(Duration.ZERO).transact(1, readTwo).words()).containsExactly(7, 8);
  }

  @Test
  void theLineStaysSilentForTheIntervalBetweenFrames() {
    line.answer(request -> List.of(RtuFrame.encode(1, bytes("03 04 00 07 00 08"))));
    RtuMaster master = master(Duration.ofMillis(30));
    master.transact(1, readTwo);
    long answerEnded = line.lastByteAt;
    master.transact(1, readTwo);
    assertThat(line.writtenAt.get(1) - answerEnded).isGreaterThanOrEqualTo(30_000_000L);
  }

  @Test
  void aPortThatCannotBeOpenedIsDisconnectedAndOpenedAgainLater() {
    AtomicInteger opens = new AtomicInteger();
    line.answer(request -> List.of(RtuFrame.encode(1, bytes("03 04 00 07 00 08"))));
    RtuMaster master =
        new RtuMaster(
            () -> {
              if (opens.incrementAndGet() == 1) {
                throw new IOException("cannot open serial port /dev/ttyTEST: no such file");
              }
              return line;
            },
            "/dev/ttyTEST",
            Duration.ZERO,
            Duration.ofMillis(50));
    Reply first = master.transact(1, readTwo);
    assertThat(first.failure().kind()).isEqualTo(Failure.Kind.DISCONNECTED);
    assertThat(first.failure().message()).contains("/dev/ttyTEST");
    assertThat(master.requests()).isZero();
    assertThat(master.transact(1, readTwo).isOk()).isTrue();
    assertThat(opens).hasValue(2);
  }

  @Test
  void aPortThatVanishesIsClosedAndReopenedForTheNextRequest() {
    AtomicInteger opens = new AtomicInteger();
    RtuMaster master =
        new RtuMaster(
            () -> {
              opens.incrementAndGet();
              return line;
            },
            "/dev/ttyTEST",
            Duration.ZERO,
            Duration.ofMillis(50));
    line.failWith(new IOException("serial port /dev/ttyTEST is gone"));
    assertThat(master.transact(1, readTwo).failure().kind()).isEqualTo(Failure.Kind.DISCONNECTED);
    assertThat(line.closed).isTrue();
    master.transact(1, readTwo);
    assertThat(opens).hasValue(2);
  }

  private RtuMaster master(Duration silentInterval) {
    return new RtuMaster(() -> line, "/dev/ttyTEST", silentInterval, Duration.ofMillis(50));
  }

  private static byte[] bytes(String hex) {
    return HEX.parseHex(hex);
  }
}
