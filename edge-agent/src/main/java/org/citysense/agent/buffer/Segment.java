package org.citysense.agent.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file of a lane and what the buffer knows about it. Every field is guarded by the
 * buffer's lock; the file itself is only appended to (positional writes at {@link #size}).
 */
final class Segment {
  static final String SUFFIX = ".seg";

  final Lane lane;
  final long id;
  final Path path;

  /** Open while records may still need forcing: the segment being written, or not synced yet. */
  FileChannel channel;

  /** False once another segment took over the appends of this lane. */
  boolean writable;

  /**
   * Deleted (fully acknowledged or evicted); marks and sync jobs that still point here are void.
   */
  boolean deleted;

  long size;
  long count;
  long syncedSize;
  long syncedCount;
  long ackedOffset;
  long ackedCount;

  Segment(Lane lane, long id, Path path) {
    this.lane = lane;
    this.id = id;
    this.path = path;
  }

  static String fileName(long id) {
    return String.format("%020d%s", id, SUFFIX);
  }

  /** The id in a segment file name, or -1 when the name is not one. */
  static long idOf(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A new, empty segment open for appends. */
  static Segment create(Lane lane, long id, Path dir) throws IOException {
    Segment segment = new Segment(lane, id, dir.resolve(fileName(id)));
    segment.channel =
        FileChannel.open(segment.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segment.writable = true;
    return segment;
  }

  long unacked() {
    return count - ackedCount;
  }

  long syncedUnacked() {
    return syncedCount - ackedCount;
  }

  /** Writes a whole framed record at {@link #size}; the caller advances size and count. */
  void write(byte[] record) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(record);
    long at = size;
    while (buf.hasRemaining()) {
      at += channel.write(buf, at);
    }
  }

  void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was pending on it that a close could lose: writes are in the page cache
      }
      channel = null;
    }
  }

  @Override
  public String toString() {
    return lane.name().toLowerCase() + "/" + fileName(id);
  }
}
