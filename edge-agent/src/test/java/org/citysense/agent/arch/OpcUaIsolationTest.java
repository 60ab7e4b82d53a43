package org.citysense.agent.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's opcua package is defined in a class loader of its own, the one that sees PLC4X in
 * lib/opcua/ (libs.OptionalLibs). A class elsewhere that named one of its classes, or PLC4X's,
 * would have the app class loader load a second copy that cannot see PLC4X: only the opcua package
 * itself may import them; the rest reaches it through driver.OpcUaSupport.
 */
class OpcUaIsolationTest {
  private static final Path SOURCES = Path.of("src/main/java/org/citysense/agent");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?((?:org\\.citysense\\.agent\\.opcua|org\\.apache\\.plc4x)\\.\\S+);",
          Pattern.MULTILINE);

  @Test
  void onlyTheOpcuaPackageImportsItsClassesOrPlc4xs() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        if (f.startsWith(SOURCES.resolve("opcua"))) {
          continue;
        }
        Matcher m = IMPORT.matcher(Files.readString(f));
        while (m.find()) {
          found.add(SOURCES.relativize(f) + ": " + m.group(1));
        }
      }
    }
    assertThat(found).isEmpty();
  }
}
