package org.citysense.agent.serial;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.citysense.agent.driver.Failure;

/**
 * Turns a frame scanner's running counts of bad frames and skipped bytes into at most one failure
 * report per period, so a noisy line says so once a minute, not once per byte. The bytes skipped
 * before the first frame after the port opens are forgiven when they are fewer than a frame: that
 * is the tail of a frame the sensor was sending as we opened.
 */
final class LineHealth {
  private final int frameLength;
  private final long periodNanos;
  private final LongSupplier nanoTime;
  private long seenBadFrames;
  private long seenDiscarded;
  private long pendingBadFrames;
  private long pendingDiscarded;
  private long unsyncedDiscarded;
  private boolean synced;
  private boolean reported;
  private long lastReportNanos;

  /**
   * @param period the shortest time between two reports
   * @param nanoTime {@code System::nanoTime}, or a test's own time
   */
  LineHealth(int frameLength, Duration period, LongSupplier nanoTime) {
    this.frameLength = frameLength;
    this.periodNanos = period.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The port was (re)opened: the first bytes may be the end of a frame. */
  void opened() {
    synced = false;
    unsyncedDiscarded = 0;
  }

  /**
   * Takes the scanner's totals after a read.
   *
   * @param frames valid frames the read completed
   * @param lastProblem the scanner's description of its last bad frame, or null
   * @return a failure to report now, or null
   */
  Failure update(long badFramesTotal, long discardedTotal, int frames, String lastProblem) {
    long newBad = badFramesTotal - seenBadFrames;
    long newDiscarded = discardedTotal - seenDiscarded;
    seenBadFrames = badFramesTotal;
    seenDiscarded = discardedTotal;
    pendingBadFrames += newBad;
    if (synced) {
      pendingDiscarded += newDiscarded;
    } else {
      unsyncedDiscarded += newDiscarded;
      if (frames > 0 || unsyncedDiscarded >= frameLength) {
        synced = true;
        boolean partialFrame = frames > 0 && unsyncedDiscarded < frameLength && newBad == 0;
        pendingDiscarded += partialFrame ? 0 : unsyncedDiscarded;
      }
    }
    if (pendingBadFrames == 0 && pendingDiscarded == 0) {
      return null;
    }
    long now = nanoTime.getAsLong();
    if (reported && now - lastReportNanos < periodNanos) {
      return null;
    }
    Failure failure = failure(lastProblem);
    reported = true;
    lastReportNanos = now;
    pendingBadFrames = 0;
    pendingDiscarded = 0;
    return failure;
  }

  private Failure failure(String lastProblem) {
    boolean checksum =
        pendingBadFrames > 0 && lastProblem != null && lastProblem.startsWith("bad checksum");
    StringBuilder message = new StringBuilder();
    if (pendingBadFrames > 0) {
      message.append(pendingBadFrames).append(" bad frame(s), the last with ").append(lastProblem);
    }
    if (pendingDiscarded > 0) {
      message.append(message.length() > 0 ? "; " : "");
      message.append(pendingDiscarded).append(" byte(s) of garbage skipped");
    }
    return Failure.of(
        checksum ? Failure.Kind.CHECKSUM : Failure.Kind.MALFORMED, message.toString());
  }
}
