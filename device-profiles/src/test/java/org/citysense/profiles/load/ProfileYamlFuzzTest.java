package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * A profile file as a user writes it: a profile, or an {@link InvalidFileException} listing the
 * problems with their lines; never another exception, never a hang.
 */
class ProfileYamlFuzzTest {
  private final ProfileLoader loader = new ProfileLoader();

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertThat(loader.parse("fuzzed.yaml", text).profile()).isNotNull();
    } catch (InvalidFileException e) {
      assertThat(e.problems()).isNotEmpty();
    }
  }
}
