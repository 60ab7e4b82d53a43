package org.citysense.cloud.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server tarball that {@code mvn package} builds (src/assembly/install.xml), opened as
 * docs/operations.md opens it: listed and unpacked with {@code tar}, the unit checked by {@code
 * systemd-analyze verify} where it is installed. Runs after {@code package}; failsafe gives the
 * tarball's path.
 */
class InstallTarballIT {
  private static Path tarball;
  private static String top;
  @TempDir static Path unpacked;

  @BeforeAll
  static void unpack() throws Exception {
    tarball = Path.of(System.getProperty("install.tarball", "target/none.tar.gz"));
    assertThat(tarball).as("built by mvn package").isRegularFile();
    top = "citysense-cloud-" + System.getProperty("install.version");
    Ran tar = run(unpacked, "tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
    assertThat(tar.code()).as(tar.err()).isZero();
  }

  @Test
  void holdsTheServiceTheLauncherTheSettingsAndTheUnit() throws Exception {
    Ran listing = run(unpacked, "tar", "-tzf", tarball.toString());
    assertThat(listing.code()).isZero();
    List<String> entries = listing.out().lines().toList();
    assertThat(entries).allSatisfy(e -> assertThat(e).startsWith(top + "/"));
    assertThat(entries)
        .contains(
            top + "/bin/cloud-ingest",
            top + "/quarkus-app/quarkus-run.jar",
            top + "/etc/cloud.env.example",
            top + "/systemd/citysense-cloud.service",
            top + "/README.install");
    assertThat(entries).anyMatch(e -> e.startsWith(top + "/quarkus-app/lib/main/"));
    assertThat(Files.getPosixFilePermissions(unpacked.resolve(top).resolve("bin/cloud-ingest")))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
  }

  @Test
  void theLauncherSaysWhenThereIsNoJava() throws Exception {
    Ran ran =
        run(
            unpacked,
            Map.of("JAVA_HOME", unpacked.resolve("no-java").toString()),
            unpacked.resolve(top).resolve("bin/cloud-ingest").toString());
    assertThat(ran.code()).isEqualTo(127);
    assertThat(ran.err()).contains("no Java runtime found");
  }

  /**
   * {@code systemd-analyze verify} in a root laid out as docs/operations.md says: the tarball
   * unpacked to /opt/citysense-cloud, the unit in /etc/systemd/system, the system's units beside.
   */
  @Test
  void systemdFindsNothingWrongWithTheUnit() throws Exception {
    assertThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze is installed").exists();
    Path root = Files.createDirectories(unpacked.resolve("root"));
    Files.createDirectories(root.resolve("opt"));
    assertThat(run(root, "tar", "-xzf", tarball.toString(), "-C", "opt").code()).isZero();
    Files.move(root.resolve("opt").resolve(top), root.resolve("opt/citysense-cloud"));
    Files.createDirectories(root.resolve("etc/systemd/system"));
    Files.copy(
        root.resolve("opt/citysense-cloud/systemd/citysense-cloud.service"),
        root.resolve("etc/systemd/system/citysense-cloud.service"));
    Files.createDirectories(root.resolve("etc/citysense"));
    Files.copy(
        root.resolve("opt/citysense-cloud/etc/cloud.env.example"),
        root.resolve("etc/citysense/cloud.env"));
    Files.createDirectories(root.resolve("usr/lib/systemd"));
    assertThat(run(root, "cp", "-a", "/usr/lib/systemd/system", "usr/lib/systemd/").code())
        .isZero();

    Ran verify =
        run(root, "systemd-analyze", "verify", "--root=" + root, "citysense-cloud.service");

    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out() + verify.err()).as("no warnings").isBlank();
  }

  record Ran(int code, String out, String err) {}

  private static Ran run(Path dir, String... command) throws Exception {
    return run(dir, Map.of(), command);
  }

  /** Runs {@code command} in {@code dir}; waits for it, with a bound only against a hang. */
  private static Ran run(Path dir, Map<String, String> env, String... command) throws Exception {
    Path out = Files.createTempFile("install-it", ".out");
    Path err = Files.createTempFile("install-it", ".err");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(List.of(command)))
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      pb.environment().remove("CLOUD_INGEST_JAVA_OPTS");
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end");
      }
      return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
