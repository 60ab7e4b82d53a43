package org.citysense.agent.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other without a cycle, so each can be read, tested and
 * changed from the bottom up. Read from the sources' imports (same-package references need none).
 */
class PackageCyclesTest {
  private static final Path SOURCES = Path.of("src/main/java/org/citysense/agent");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?org\\.citysense\\.agent\\.([a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void noPackageDependsOnItselfThroughOthers() throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Path dir = SOURCES.relativize(f.getParent());
        String pkg = dir.toString().isEmpty() ? "(root)" : dir.getName(0).toString();
        Matcher m = IMPORT.matcher(Files.readString(f));
        Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            used.add(m.group(1));
          }
        }
      }
    }
    assertThat(uses).containsKeys("pipeline", "poll", "alarm", "modbustcp");
    List<String> cycles = new ArrayList<>();
    for (String start : uses.keySet()) {
      findCycle(start, start, uses, new ArrayList<>(List.of(start)), new TreeSet<>(), cycles);
    }
    assertThat(cycles).as("package cycles (package -> what it imports)").isEmpty();
  }

  private static void findCycle(
      String start,
      String at,
      Map<String, Set<String>> uses,
      List<String> path,
      Set<String> seen,
      List<String> cycles) {
    for (String next : uses.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (seen.add(next)) {
        path.add(next);
        findCycle(start, next, uses, path, seen, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
