package org.citysense.profiles.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * A body as the cloud receives it from a gateway: it decodes to a batch the validator accepts, or
 * it is a {@link WireFormatException}; nothing else may come out. The first byte picks the path:
 * {@code g} the rest is a gzip body as sent, {@code z} the rest gzip-compressed (the fuzzer cannot
 * write valid gzip itself), {@code t} that compressed body cut short, anything else plain JSON.
 */
class WireCodecFuzzTest {
  private static final WireCodec CODEC = new WireCodec();

  @FuzzTest(maxDuration = "10s")
  void decode(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    Batch batch;
    try {
      batch =
          switch (input[0]) {
            case 'g' -> CODEC.decodeGzip(rest);
            case 'z' -> CODEC.decodeGzip(gzip(rest));
            case 't' -> {
              byte[] body = gzip(rest);
              yield CODEC.decodeGzip(Arrays.copyOf(body, body.length / 2));
            }
            default -> CODEC.decode(rest);
          };
    } catch (WireFormatException expected) {
      return;
    }
    assertThat(WireValidator.validate(batch)).isEmpty();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }
}
