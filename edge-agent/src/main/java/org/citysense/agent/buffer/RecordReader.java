package org.citysense.agent.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads records one after the other from a segment file, from a start offset up to a limit, with
 * its own read buffer (positional reads: the channel's position is never used).
 */
final class RecordReader {
  enum Result {
    /** A whole record with a good CRC; see {@link #payload()}. */
    RECORD,
    /** The limit was reached exactly. */
    END,
    /** An impossible length or a record cut short by the limit: a torn write. */
    TORN,
    /** A whole record whose CRC does not match its payload. */
    CORRUPT
  }

  private final FileChannel channel;
  private final long limit;
  private long position;
  private ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
  private long bufStart;
  private int payloadOffset;
  private int payloadLength;

  RecordReader(FileChannel channel, long from, long limit) {
    this.channel = channel;
    this.position = from;
    this.limit = limit;
    this.bufStart = from;
    buf.limit(0);
  }

  /** Offset of the next record (after {@link Result#RECORD}: the end of the one just read). */
  long position() {
    return position;
  }

  /** The payload length the last TORN/CORRUPT/RECORD header announced (0 when impossible). */
  int length() {
    return payloadLength;
  }

  Result next() throws IOException {
    if (position == limit) {
      return Result.END;
    }
    if (limit - position < RecordCodec.HEADER || !fill(RecordCodec.HEADER)) {
      return Result.TORN;
    }
    int at = (int) (position - bufStart);
    int length = buf.getInt(at);
    int crc = buf.getInt(at + 4);
    payloadLength = length;
    if (length <= 0 || length > RecordCodec.MAX_PAYLOAD) {
      payloadLength = 0;
      return Result.TORN;
    }
    if (limit - position - RecordCodec.HEADER < length || !fill(RecordCodec.HEADER + length)) {
      return Result.TORN;
    }
    at = (int) (position - bufStart);
    payloadOffset = at + RecordCodec.HEADER;
    if (RecordCodec.crc(buf.array(), payloadOffset, length) != crc) {
      return Result.CORRUPT;
    }
    position += RecordCodec.HEADER + length;
    return Result.RECORD;
  }

  /** Skips the record whose header was just read (used to count what follows a corrupt one). */
  void skip() {
    position += RecordCodec.HEADER + payloadLength;
  }

  byte[] payloadArray() {
    return buf.array();
  }

  int payloadOffset() {
    return payloadOffset;
  }

  /** Makes {@code n} bytes from {@link #position} available in the buffer; false at end of file. */
  private boolean fill(int n) throws IOException {
    int at = (int) (position - bufStart);
    if (at + n <= buf.limit()) {
      return true;
    }
    // move the unread part to the front, growing the buffer for a large record
    int unread = Math.max(0, buf.limit() - at);
    ByteBuffer next = n > buf.capacity() ? ByteBuffer.allocate(n) : buf;
    if (unread > 0) {
      System.arraycopy(buf.array(), at, next.array(), 0, unread);
    }
    buf = next;
    bufStart = position;
    buf.clear();
    buf.position(unread);
    long wanted = Math.min(buf.capacity(), limit - position);
    buf.limit((int) wanted);
    while (buf.position() < n) {
      int read = channel.read(buf, bufStart + buf.position());
      if (read < 0) {
        break;
      }
    }
    boolean enough = buf.position() >= n;
    buf.limit(buf.position());
    return enough;
  }
}
