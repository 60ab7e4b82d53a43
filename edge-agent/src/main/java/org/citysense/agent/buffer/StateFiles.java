package org.citysense.agent.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.citysense.profiles.wire.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buffer's two small files, each replaced as a whole through a temp file and an atomic rename.
 *
 * <ul>
 *   <li>{@code state}: one line per segment with acknowledged records, {@code <lane> <id>
 *       <ackedOffset> <ackedCount>}. Not forced to disk: a lost or stale state only makes the agent
 *       send acknowledged items again, which the cloud deduplicates on (gateway, seq).
 *   <li>{@code counters}: {@code evicted <n>}, {@code rejected <n>}, {@code quarantined <n>}.
 *       Forced when an eviction changed it; a change by rejections alone may be lost on power loss
 *       (an under-count).
 * </ul>
 */
final class StateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(StateFiles.class);

  record Ack(long offset, long count) {}

  private final Path state;
  private final Path counters;

  StateFiles(Path dir) {
    this.state = dir.resolve("state");
    this.counters = dir.resolve("counters");
  }

  /** Acked positions by "lane/id"; empty (resend everything) when missing or unreadable. */
  Map<String, Ack> loadState() {
    Map<String, Ack> acks = new HashMap<>();
    try {
      for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split(" ");
        if (f.length != 4) {
          throw new IllegalArgumentException("bad line: " + line);
        }
        Lane.valueOf(f[0].toUpperCase(Locale.ROOT));
        Ack ack = new Ack(Long.parseLong(f[2]), Long.parseLong(f[3]));
        if (ack.offset() < 0 || ack.count() < 0) {
          throw new IllegalArgumentException("bad line: " + line);
        }
        acks.put(key(f[0], Long.parseLong(f[1])), ack);
      }
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "buffer state unreadable, every buffered item will be sent again [file: {}, cause: {}]",
          state,
          e.toString());
      return Map.of();
    }
    return acks;
  }

  /** The state file's content for these segments; built under the buffer's lock. */
  static String stateText(List<Segment> segments) {
    StringBuilder text = new StringBuilder();
    for (Segment s : segments) {
      if (s.ackedOffset > 0) {
        text.append(s.lane.name().toLowerCase(Locale.ROOT)).append(' ').append(s.id).append(' ');
        text.append(s.ackedOffset).append(' ').append(s.ackedCount).append('\n');
      }
    }
    return text.toString();
  }

  void saveState(String text) throws IOException {
    replace(state, text, false);
  }

  Counters loadCounters() {
    try {
      long evicted = 0;
      long rejected = 0;
      long quarantined = 0;
      for (String line : Files.readAllLines(counters, StandardCharsets.UTF_8)) {
        String[] f = line.trim().split(" ");
        if (f.length == 2 && f[0].equals("evicted")) {
          evicted = Long.parseLong(f[1]);
        } else if (f.length == 2 && f[0].equals("rejected")) {
          rejected = Long.parseLong(f[1]);
        } else if (f.length == 2 && f[0].equals("quarantined")) {
          quarantined = Long.parseLong(f[1]);
        }
      }
      return new Counters(evicted, rejected, quarantined);
    } catch (NoSuchFileException e) {
      return Counters.ZERO;
    } catch (IOException | RuntimeException e) {
      LOG.warn("buffer counters unreadable, starting from 0 [file: {}, cause: {}]", counters, e);
      return Counters.ZERO;
    }
  }

  void saveCounters(Counters c, boolean force) throws IOException {
    replace(
        counters,
        "evicted "
            + c.evicted()
            + "\nrejected "
            + c.rejected()
            + "\nquarantined "
            + c.quarantined()
            + "\n",
        force);
  }

  static String key(String lane, long id) {
    return lane.toLowerCase(Locale.ROOT) + "/" + id;
  }

  private static void replace(Path file, String text, boolean force) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      if (force) {
        ch.force(true);
      }
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (force) {
      forceDirectory(file.getParent());
    }
  }

  /**
   * Makes a rename or a new file in {@code dir} durable; a no-op where directories can't be opened.
   */
  static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      LOG.debug("cannot force directory [dir: {}, cause: {}]", dir, e.toString());
    }
  }
}
