package org.citysense.agent.normalize;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's monotonic sequence numbers, surviving restarts and kill -9. Numbers are reserved on
 * disk in blocks (written, synced, renamed into place) before they are handed out, so a restart
 * continues above anything ever used; a crash only leaves a gap, which the cloud does not mind.
 *
 * <p>A new store (a new gateway, or one whose data folder was lost) starts its numbering at its
 * creation time in milliseconds × 1000, never before 2026-01-01's: far above anything an earlier
 * numbering of the same gateway reached, since that would take a thousand readings a millisecond.
 * The start is kept in the file and sent with every batch, so the cloud tells a gateway that lost
 * its data folder from one replaying old readings. A file from before the start was kept began at
 * 1.
 *
 * <p>When a block cannot be reserved (a full disk), numbers are still handed out, past the
 * reservation, and the reservation is tried again every {@link #RETRY_EVERY} numbers: readings and
 * alarms must not stop for want of a few bytes. Only a crash before a reservation succeeds could
 * then hand out a number twice, and the log says so once per episode.
 */
public final class SequenceStore {
  private static final long BLOCK = 10_000;
  static final long RETRY_EVERY = 100;
  private static final Logger LOG = LoggerFactory.getLogger(SequenceStore.class);

  /** 2026-01-01T00:00:00Z: a clock before it (a flat RTC battery) is taken as this. */
  static final long FLOOR_MS = 1_767_225_600_000L;

  private final Path file;
  private final long start;
  private long next;
  private long reservedUpTo;
  private long retryAt;
  private String failing;

  /** Opens (or creates) the store in {@code dataDir}. */
  public SequenceStore(Path dataDir) {
    this(dataDir, System.currentTimeMillis());
  }

  /** As above, a new store starting from the time {@code nowMs}. */
  SequenceStore(Path dataDir, long nowMs) {
    this.file = dataDir.resolve("sequence");
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        long stored = Long.parseLong(lines.get(0).strip());
        this.start = lines.size() > 1 ? Long.parseLong(lines.get(1).strip()) : 1;
        this.next = stored + 1;
        this.reservedUpTo = stored;
      } else {
        this.start = Math.max(nowMs, FLOOR_MS) * 1000;
        this.next = start;
        this.reservedUpTo = start - 1;
        reserve(start + BLOCK - 1); // the start is kept before any number is handed out
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the sequence file " + file + " (" + e + ")", e);
    }
  }

  /** The first number of this numbering. */
  public long start() {
    return start;
  }

  /** The next sequence number, never handed out before by this gateway. */
  public synchronized long next() {
    if (next > reservedUpTo && next >= retryAt) {
      try {
        reserve(next + BLOCK - 1);
        if (failing != null) {
          LOG.info("sequence numbers are reserved on disk again [file: {}]", file);
          failing = null;
        }
      } catch (UncheckedIOException e) {
        retryAt = next + RETRY_EVERY;
        if (failing == null) {
          LOG.error(
              "cannot reserve sequence numbers, going on without [file: {}, cause: {}];"
                  + " a crash before the disk takes them again may reuse numbers",
              file,
              e.getCause() == null ? e.getMessage() : e.getCause().toString());
        }
        failing = e.getMessage();
      }
    }
    return next++;
  }

  private void reserve(long upTo) {
    Path tmp = file.resolveSibling("sequence.tmp");
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      out.write((upTo + "\n" + start + "\n").getBytes(StandardCharsets.US_ASCII));
      out.getFD().sync();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reserve sequence numbers in " + file, e);
    }
    reservedUpTo = upTo;
  }
}
