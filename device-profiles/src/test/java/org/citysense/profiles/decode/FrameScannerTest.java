package org.citysense.profiles.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;

class FrameScannerTest {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final String GOOD = "AAC0D4043A0AA1601DAB";
  private final DeviceProfile sds011 = ProfileCatalog.bundled().find("pm25-sds011").orElseThrow();

  @Test
  void findsFramesAfterGarbageAndAcrossChunks() {
    FrameScanner scanner = new FrameScanner(sds011.frame());
    byte[] stream = HEX.parseHex("0102AA03" + GOOD + GOOD);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < stream.length; i += 3) {
      frames.addAll(
          scanner.feed(java.util.Arrays.copyOfRange(stream, i, Math.min(stream.length, i + 3))));
    }
    assertThat(frames).hasSize(2);
    assertThat(HEX.formatHex(frames.get(0))).isEqualTo(GOOD);
    assertThat(scanner.discardedBytes()).isEqualTo(4);
  }

  @Test
  void resyncsAfterABadChecksum() {
    FrameScanner scanner = new FrameScanner(sds011.frame());
    String badSum = "AAC0D4043A0AA1601EAB";
    List<byte[]> frames = scanner.feed(HEX.parseHex(badSum + GOOD));
    assertThat(frames).hasSize(1);
    assertThat(HEX.formatHex(frames.get(0))).isEqualTo(GOOD);
    assertThat(scanner.badFrames()).isEqualTo(1);
    assertThat(scanner.lastProblem()).isEqualTo("bad checksum: computed 0x1D, frame says 0x1E");
  }

  @Test
  void encoderWritesHeaderChecksumAndTail() {
    byte[] frame = Encoder.frame(sds011, Map.of("pm2_5", Value.of(123.6), "pm10", Value.of(261.8)));
    // the id bytes are not points, so the encoder leaves them 0: sum = D4+04+3A+0A = 0x1C
    assertThat(HEX.formatHex(frame)).isEqualTo("AAC0D4043A0A00001CAB");
    assertThat(Frames.problem(sds011.frame(), frame)).isEmpty();
    assertThat(
            Decoder.decode(
                    "d",
                    sds011.point("pm10").orElseThrow(),
                    new RawValue.Frame(frame),
                    Instant.EPOCH)
                .reading()
                .value())
        .isEqualTo(Value.of(261.8));
  }

  @Test
  void crc16ModbusMatchesTheStandardCheckValue() {
    byte[] data = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Crc16.modbus(data, 0, data.length)).isEqualTo(0x4B37);
  }
}
