package org.citysense.cloud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;

/**
 * A rule file as an operator puts it ({@code PUT /api/v1/rules}) or edits it by hand: a rule set,
 * or an {@link InvalidFileException} whose problems each name the file and a line; never another
 * exception, never a hang. A rule set that was read survives {@link RuleWriter} and a second read
 * unchanged, so what the service writes back is what was in force.
 */
class RuleFileFuzzTest {
  private final RuleReader reader = new RuleReader();
  private final RuleWriter writer = new RuleWriter();

  @FuzzTest(maxDuration = "10s")
  void read(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    RuleSet set;
    try {
      set = reader.read("fuzzed.yaml", text);
    } catch (InvalidFileException e) {
      assertThat(e.problems()).isNotEmpty();
      for (Problem p : e.problems()) {
        assertThat(p.file()).isEqualTo("fuzzed.yaml");
        assertThat(p.line()).isPositive();
        assertThat(p.message()).isNotBlank();
      }
      return;
    }
    String written = writer.toYaml(set);
    assertThat(reader.read("written.yaml", written)).as(written).isEqualTo(set);
  }
}
