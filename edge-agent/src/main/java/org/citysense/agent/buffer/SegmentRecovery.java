package org.citysense.agent.buffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a lane's segments after a stop or a crash.
 *
 * <p>Each segment is scanned from the start. The scan stops at the first record that is cut short
 * or has an impossible length: that is a torn write of a crash, never reported as taken, and the
 * file is truncated there without counting anything. A <em>whole</em> record whose CRC does not
 * match means the disk returned other bytes than were written and synced: the rest of the segment
 * cannot be trusted, so it is truncated at that record, and the records from there on (counted by
 * following their length fields) are added to {@code evicted} with an error in the log.
 *
 * <p>Acknowledged positions come from the state file; one that does not fall on a record boundary
 * with the same record count is ignored (the segment is sent again: the cloud deduplicates). Fully
 * acknowledged segments are deleted. Recovered segments are never appended to again.
 */
final class SegmentRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);

  /** The lane's surviving segments, oldest first, and the unacknowledged records dropped. */
  record Recovered(List<Segment> segments, long dropped, long maxId) {}

  private SegmentRecovery() {}

  static Recovered recover(Lane lane, Path dir, Map<String, StateFiles.Ack> acks)
      throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path file : stream) {
        if (Segment.idOf(file) >= 0) {
          files.add(file);
        }
      }
    }
    files.sort(Comparator.comparingLong(Segment::idOf));
    List<Segment> segments = new ArrayList<>();
    long dropped = 0;
    long maxId = 0;
    for (Path file : files) {
      long id = Segment.idOf(file);
      maxId = Math.max(maxId, id);
      Segment segment = new Segment(lane, id, file);
      StateFiles.Ack ack = acks.get(StateFiles.key(lane.name().toLowerCase(Locale.ROOT), id));
      dropped += scan(segment, ack);
      if (segment.unacked() == 0) {
        Files.deleteIfExists(file);
      } else {
        segments.add(segment);
      }
    }
    return new Recovered(segments, dropped, maxId);
  }

  /** Fills in sizes, counts and the acked position; truncates a bad tail; returns records lost. */
  private static long scan(Segment segment, StateFiles.Ack ack) throws IOException {
    try (FileChannel ch =
        FileChannel.open(segment.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long fileSize = ch.size();
      RecordReader reader = new RecordReader(ch, 0, fileSize);
      long count = 0;
      long ackedCountAtOffset = ack == null || ack.offset() == 0 ? 0 : -1;
      long corrupt = 0;
      RecordReader.Result result;
      while ((result = reader.next()) == RecordReader.Result.RECORD) {
        count++;
        if (ack != null && reader.position() == ack.offset()) {
          ackedCountAtOffset = count;
        }
      }
      long validSize = reader.position();
      if (result == RecordReader.Result.CORRUPT) {
        corrupt = 1;
        reader.skip();
        RecordReader.Result after;
        while ((after = reader.next()) == RecordReader.Result.RECORD
            || after == RecordReader.Result.CORRUPT) {
          if (after == RecordReader.Result.CORRUPT) {
            reader.skip();
          }
          corrupt++;
        }
      }
      segment.size = segment.syncedSize = validSize;
      segment.count = segment.syncedCount = count;
      long lost = corrupt;
      if (ack == null || ack.offset() == 0) {
        segment.ackedOffset = 0;
        segment.ackedCount = 0;
      } else if (ackedCountAtOffset == ack.count()) {
        segment.ackedOffset = ack.offset();
        segment.ackedCount = ack.count();
      } else if (ack.offset() > validSize && ack.count() >= count) {
        // acknowledged past what is left: all that is left was acknowledged, and so were some
        // of the records cut off
        segment.ackedOffset = validSize;
        segment.ackedCount = count;
        lost = Math.max(0, count + corrupt - ack.count());
      } else {
        LOG.warn(
            "acknowledged position does not match the segment, sending it again"
                + " [segment: {}, offset: {}, count: {}]",
            segment,
            ack.offset(),
            ack.count());
        segment.ackedOffset = 0;
        segment.ackedCount = 0;
      }
      if (validSize < fileSize) {
        if (corrupt > 0) {
          LOG.error(
              "segment corrupt: a synced record fails its CRC, dropping the rest of the segment"
                  + " [segment: {}, offset: {}, records dropped: {}, unacknowledged: {}]",
              segment,
              validSize,
              corrupt,
              lost);
        } else {
          LOG.info(
              "cut a torn record off a segment [segment: {}, offset: {}, bytes: {}]",
              segment,
              validSize,
              fileSize - validSize);
        }
        ch.truncate(validSize);
      }
      ch.force(false);
      return lost;
    }
  }
}
