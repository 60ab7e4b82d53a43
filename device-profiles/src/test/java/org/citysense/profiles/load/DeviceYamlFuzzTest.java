package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * A device file against the bundled profiles: devices, or an {@link InvalidFileException} listing
 * the problems; never another exception, never a hang.
 */
class DeviceYamlFuzzTest {
  private static final DeviceReader READER = new DeviceReader(ProfileCatalog.bundled());

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertThat(READER.parse("devices.yaml", text)).doesNotContainNull();
    } catch (InvalidFileException e) {
      assertThat(e.problems()).isNotEmpty();
    }
  }
}
