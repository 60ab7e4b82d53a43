package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file under {@code broken/} starts with the exact messages it must produce, one {@code #
 * expect:} line each, in the order the loader reports them (by line).
 */
class BrokenFilesTest {
  private static final ProfileCatalog CATALOG = ProfileCatalog.bundled();

  static Stream<Path> profiles() throws Exception {
    return files("broken/profiles");
  }

  static Stream<Path> devices() throws Exception {
    return files("broken/devices");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void brokenProfileGivesItsExactMessage(Path file) throws IOException {
    String text = Files.readString(file);
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class,
            () -> new ProfileLoader().parse(file.getFileName().toString(), text));
    assertThat(e).as("no error for %s", file.getFileName()).isNotNull();
    assertThat(lines(e)).isEqualTo(expected(text));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("devices")
  void brokenDeviceFileGivesItsExactMessage(Path file) throws IOException {
    String text = Files.readString(file);
    InvalidFileException e =
        catchThrowableOfType(
            InvalidFileException.class,
            () -> new DeviceReader(CATALOG).parse(file.getFileName().toString(), text));
    assertThat(e).as("no error for %s", file.getFileName()).isNotNull();
    assertThat(lines(e)).isEqualTo(expected(text));
  }

  private static List<String> lines(InvalidFileException e) {
    return e.problems().stream().map(Problem::toString).toList();
  }

  private static List<String> expected(String text) {
    return text.lines()
        .filter(l -> l.startsWith("# expect: "))
        .map(l -> l.substring("# expect: ".length()))
        .toList();
  }

  private static Stream<Path> files(String folder) throws IOException, URISyntaxException {
    Path dir = Path.of(BrokenFilesTest.class.getClassLoader().getResource(folder).toURI());
    return Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }
}
