package org.citysense.profiles.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.util.Arrays;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;

/**
 * Bytes from a serial-line sensor as the agent's serial driver handles them: scanned for frames of
 * a bundled serial-frame profile, in chunks as the port delivers them, each frame decoded. Every
 * frame found passes the frame checks, and decoding never throws: a bad value is a reading of
 * quality INVALID. The first byte picks the profile and the chunk size.
 */
class FrameScannerFuzzTest {
  private static final DeviceProfile[] PROFILES =
      ProfileCatalog.bundled().all().stream()
          .filter(p -> p.frame() != null)
          .toArray(DeviceProfile[]::new);

  @FuzzTest(maxDuration = "10s")
  void scan(byte[] input) {
    if (input.length == 0) {
      return;
    }
    DeviceProfile profile = PROFILES[(input[0] & 0xFF) % PROFILES.length];
    int chunk = 1 + (input[0] & 0xFF) / PROFILES.length % 16;
    FrameScanner scanner = new FrameScanner(profile.frame());
    for (int at = 1; at < input.length; at += chunk) {
      byte[] part = Arrays.copyOfRange(input, at, Math.min(input.length, at + chunk));
      for (byte[] frame : scanner.feed(part)) {
        assertThat(Frames.problem(profile.frame(), frame)).isEmpty();
        for (Point point : profile.points()) {
          assertThat(Decoder.decode("d", point, new RawValue.Frame(frame), Instant.EPOCH))
              .isNotNull();
        }
      }
    }
  }
}
