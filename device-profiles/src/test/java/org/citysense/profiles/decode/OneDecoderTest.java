package org.citysense.profiles.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the rule that the decoding pipeline in this package is the only code that turns bytes into
 * sensor values: no other main source file of the project may use the JDK's byte-to-number tools,
 * except the edge buffer's record framing.
 */
class OneDecoderTest {
  private static final List<String> BYTE_TO_NUMBER =
      List.of(
          "ByteBuffer",
          "java.nio.ByteOrder",
          "Float.intBitsToFloat",
          "Double.longBitsToDouble",
          "DataInputStream");

  @Test
  void noOtherMainSourceDecodesBytes() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path decoder = Path.of("device-profiles/src/main/java/org/citysense/profiles/decode");
    // the edge buffer frames its own records on disk (length and CRC headers): no sensor values
    Path edgeBuffer = Path.of("edge-agent/src/main/java/org/citysense/agent/buffer");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> root.relativize(p).toString().contains("src/main/java"))
              .filter(p -> !root.relativize(p).startsWith(decoder))
              .filter(p -> !root.relativize(p).startsWith(edgeBuffer))
              .filter(p -> !root.relativize(p).toString().contains("/target/"))
              .filter(OneDecoderTest::usesByteToNumber)
              .map(p -> root.relativize(p).toString())
              .toList();
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void theGuardSeesTheDecoderItself() throws IOException {
    // proves the scan reads real files: the decoder's own helper uses ByteBuffer
    Path bigEndian =
        Path.of("src/main/java/org/citysense/profiles/decode/BigEndian.java").toAbsolutePath();
    assertThat(usesByteToNumber(bigEndian)).isTrue();
  }

  private static boolean usesByteToNumber(Path file) {
    try {
      String text = Files.readString(file);
      return BYTE_TO_NUMBER.stream().anyMatch(text::contains);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
