package org.citysense.profiles.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citysense.profiles.model.FrameSpec;

/**
 * Finds whole, valid frames in a byte stream from a serial-line sensor: syncs on the header, checks
 * tail and checksum, and after garbage or a bad frame resyncs one byte further on. One scanner per
 * serial line; not thread-safe.
 */
public final class FrameScanner {
  private final FrameSpec spec;
  private final byte[] header;
  private byte[] buffer = new byte[0];
  private long discardedBytes;
  private long badFrames;
  private String lastProblem;

  public FrameScanner(FrameSpec spec) {
    this.spec = spec;
    this.header = spec.header();
  }

  /** Adds bytes as they arrive and returns the frames they complete, oldest first. */
  public List<byte[]> feed(byte[] chunk) {
    byte[] joined = Arrays.copyOf(buffer, buffer.length + chunk.length);
    System.arraycopy(chunk, 0, joined, buffer.length, chunk.length);
    List<byte[]> frames = new ArrayList<>();
    int start = 0;
    while (true) {
      int at = indexOfHeader(joined, start);
      if (at < 0) {
        // keep a tail that may be the start of a header split across chunks
        int keep = Math.min(joined.length - start, Math.max(0, header.length - 1));
        discardedBytes += joined.length - start - keep;
        start = joined.length - keep;
        break;
      }
      discardedBytes += at - start;
      if (joined.length - at < spec.length()) {
        start = at;
        break;
      }
      byte[] candidate = Arrays.copyOfRange(joined, at, at + spec.length());
      var problem = Frames.problem(spec, candidate);
      if (problem.isEmpty()) {
        frames.add(candidate);
        start = at + spec.length();
      } else {
        badFrames++;
        lastProblem = problem.get();
        discardedBytes++;
        start = at + 1;
      }
    }
    buffer = Arrays.copyOfRange(joined, start, joined.length);
    return frames;
  }

  private int indexOfHeader(byte[] data, int from) {
    if (header.length == 0) {
      return from < data.length ? from : -1;
    }
    for (int i = from; i <= data.length - header.length; i++) {
      if (Arrays.equals(data, i, i + header.length, header, 0, header.length)) {
        return i;
      }
    }
    return -1;
  }

  /** Bytes thrown away while looking for frames. */
  public long discardedBytes() {
    return discardedBytes;
  }

  /** Candidates that had a header but a bad tail or checksum. */
  public long badFrames() {
    return badFrames;
  }

  /** What was wrong with the last bad frame, or null. */
  public String lastProblem() {
    return lastProblem;
  }
}
