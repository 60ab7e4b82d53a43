package org.citysense.agent.buffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One lane's folder and its segments, oldest first; guarded by the buffer's lock. */
final class LaneChain {
  final Lane lane;
  final Path dir;
  final List<Segment> segments = new ArrayList<>();

  /** The segment appends go to, or null before the first append since opening. */
  Segment writing;

  /** A segment file was created since the folder was last forced. */
  boolean dirDirty;

  LaneChain(Lane lane, Path dir) {
    this.lane = lane;
    this.dir = dir;
  }

  /** The oldest segment that is not being written, or null. */
  Segment oldestEvictable() {
    for (Segment s : segments) {
      if (s != writing) {
        return s;
      }
    }
    return null;
  }

  long unacked() {
    long n = 0;
    for (Segment s : segments) {
      n += s.unacked();
    }
    return n;
  }

  /** The oldest segment with records not yet acknowledged, or null. */
  Segment firstUnacked() {
    for (Segment s : segments) {
      if (s.unacked() > 0) {
        return s;
      }
    }
    return null;
  }
}
