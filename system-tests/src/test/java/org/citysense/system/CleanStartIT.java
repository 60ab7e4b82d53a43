package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cloud-ingest on its embedded defaults, started by its launcher and stopped by SIGTERM as systemd
 * stops it, prints no line its operator could not act on: no warning, no error, and not "Profile
 * prod activated" (the embedded defaults are not a production set-up).
 */
class CleanStartIT {
  @TempDir Path dir;

  @Test
  void aCleanStartAndStopPrintNoWarningAndNoError() throws Exception {
    String log;
    try (Cloud cloud = Cloud.start(dir, Map.of())) {
      assertThat(cloud.get("/api/v1/units").isArray()).isTrue();
      cloud.stop(Duration.ofSeconds(60));
      log = cloud.log();
    }
    List<String> loud =
        log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
    assertThat(loud).as("warnings and errors in\n%s", log).isEmpty();
    assertThat(log)
        .contains("Listening on")
        .contains("readings go to the embedded store")
        .doesNotContain("Profile prod activated")
        .doesNotContain("SRMSG00207")
        .contains("stopped in");
  }
}
