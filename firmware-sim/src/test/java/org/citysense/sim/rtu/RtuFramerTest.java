package org.citysense.sim.rtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.citysense.profiles.decode.Crc16;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.junit.jupiter.api.Test;

/** The framer on a fake clock: ptys carry no baud timing, so silences are played here. */
class RtuFramerTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final SerialSettings LINE = new SerialSettings(9600, 8, Parity.EVEN, 1);

  /** 3.5 characters of 11 bits at 9600 baud: about 4.01 ms. */
  private static final long GAP = RtuFramer.silentInterval(LINE).toNanos();

  /** Unit 1, read holding registers 0..9, CRC 0xCDC5 sent low byte first. */
  private static final String READ_1 = "01030000000A" + "C5CD";

  private long now;
  private final RtuFramer framer = new RtuFramer(LINE, () -> now);

  @Test
  void silentIntervalIsThreeAndAHalfCharactersAndFixedAboveNineteenThousandTwoHundredBaud() {
    assertThat(GAP).isEqualTo(3_500_000_000L * 11 / 9600);
    assertThat(RtuFramer.silentInterval(new SerialSettings(9600, 8, Parity.NONE, 1)))
        .isEqualTo(Duration.ofNanos(3_645_833));
    assertThat(RtuFramer.silentInterval(new SerialSettings(38400, 8, Parity.NONE, 1)))
        .isEqualTo(Duration.ofNanos(1_750_000));
  }

  @Test
  void theSampleRequestCarriesItsCrcLowByteFirst() {
    byte[] frame = HEX.parseHex(READ_1);
    int crc = Crc16.modbus(frame, 0, 6);
    assertThat(new byte[] {(byte) crc, (byte) (crc >>> 8)})
        .isEqualTo(HEX.parseHex(READ_1.substring(12)));
  }

  @Test
  void assemblesAFrameSplitAcrossReads() {
    assertThat(feed("0103")).isEmpty();
    now += GAP / 2;
    assertThat(feed("000000")).isEmpty();
    now += GAP / 2;
    List<RtuFramer.Frame> frames = feed("0AC5CD");

    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).unitId()).isEqualTo(1);
    assertThat(HEX.formatHex(frames.get(0).pdu())).isEqualTo("030000000A");
    assertThat(framer.discardedBytes()).isZero();
  }

  @Test
  void separatesTwoFramesBackToBack() {
    String read2 = request("02", "0400010002");
    List<RtuFramer.Frame> frames = feed(READ_1 + read2);

    assertThat(frames).extracting(RtuFramer.Frame::unitId).containsExactly(1, 2);
    assertThat(HEX.formatHex(frames.get(1).pdu())).isEqualTo("0400010002");
  }

  @Test
  void findsTheLengthOfAWriteMultipleFromItsByteCount() {
    String write = request("05", "10000900020400FF0001");
    List<RtuFramer.Frame> frames = new ArrayList<>();
    // byte by byte: the length is unknown until the byte count arrives
    byte[] bytes = HEX.parseHex(write + READ_1);
    for (byte b : bytes) {
      frames.addAll(framer.feed(new byte[] {b}, 1));
    }
    assertThat(frames).extracting(RtuFramer.Frame::unitId).containsExactly(5, 1);
    assertThat(HEX.formatHex(frames.get(0).pdu())).isEqualTo("10000900020400FF0001");
  }

  @Test
  void dropsGarbageThatASilenceEnds() {
    assertThat(feed("FF0107")).isEmpty();
    now += GAP + 1;
    List<RtuFramer.Frame> frames = feed(READ_1);

    assertThat(frames).hasSize(1);
    assertThat(framer.discardedBytes()).isEqualTo(3);
  }

  @Test
  void huntsForAFrameRightAfterGarbage() {
    // no silence between them: the garbage looks like a frame start, fails its CRC, and the
    // framer slides on byte by byte until the real frame's CRC matches
    List<RtuFramer.Frame> frames = feed("0103FF" + READ_1);

    assertThat(frames).extracting(RtuFramer.Frame::unitId).containsExactly(1);
    assertThat(HEX.formatHex(frames.get(0).pdu())).isEqualTo("030000000A");
    assertThat(framer.discardedBytes()).isEqualTo(3);
    assertThat(framer.badCrc()).isEqualTo(1);
  }

  @Test
  void abandonsAPartialFrameAfterASilence() {
    assertThat(feed("0103000000")).isEmpty();
    now += GAP + 1;
    assertThat(framer.idle()).isEmpty();
    assertThat(framer.discardedBytes()).isEqualTo(5);

    // the rest of the cut frame no longer completes it, and the next frame is whole
    assertThat(feed("0AC5CD")).isEmpty();
    now += GAP + 1;
    assertThat(feed(READ_1)).hasSize(1);
    assertThat(framer.discardedBytes()).isEqualTo(8);
  }

  @Test
  void aSilenceExactlyAtTheLimitDoesNotCutAFrame() {
    feed("010300");
    now += GAP;
    assertThat(feed("00000AC5CD")).hasSize(1);
  }

  @Test
  void dropsAndCountsAFrameWithABadCrc() {
    assertThat(feed("01030000000AC5CE")).isEmpty();
    assertThat(framer.badCrc()).isEqualTo(1);
    now += GAP + 1;
    assertThat(framer.idle()).isEmpty();

    assertThat(feed(READ_1)).hasSize(1);
    assertThat(framer.badCrc()).isEqualTo(1);
    assertThat(framer.frames()).isEqualTo(1);
    assertThat(framer.discardedBytes()).isEqualTo(8);
  }

  @Test
  void endsAFrameOfUnknownLengthAtTheSilence() {
    // function 8 (diagnostics) has no length rule here: only the silence ends it
    String diagnostics = request("01", "0800001234");
    assertThat(feed(diagnostics)).isEmpty();
    now += GAP / 2;
    assertThat(framer.idle()).isEmpty();
    now += GAP;
    List<RtuFramer.Frame> frames = framer.idle();

    assertThat(frames).hasSize(1);
    assertThat(HEX.formatHex(frames.get(0).pdu())).isEqualTo("0800001234");
  }

  @Test
  void countsAFrameOfUnknownLengthWithABadCrcAtTheSilence() {
    feed("01080000123400" + "00");
    now += GAP + 1;
    assertThat(framer.idle()).isEmpty();
    assertThat(framer.badCrc()).isEqualTo(1);
    assertThat(framer.discardedBytes()).isEqualTo(8);
  }

  private List<RtuFramer.Frame> feed(String hex) {
    byte[] bytes = HEX.parseHex(hex);
    return framer.feed(bytes, bytes.length);
  }

  private static String request(String unit, String pdu) {
    byte[] body = HEX.parseHex(unit + pdu);
    int crc = Crc16.modbus(body, 0, body.length);
    return unit + pdu + HEX.formatHex(new byte[] {(byte) crc, (byte) (crc >>> 8)});
  }
}
