package org.citysense.cloud.notify;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The one message a notifier is sending, noted in a file of its own just before the channel is
 * called: a crash between the note and the log's record of the channel's answer leaves it there,
 * and the next start takes that message as sent ({@link NotificationLog#takenAsSent}).
 *
 * <p>Why a file and not the log: a database commit before the send left milliseconds (a commit's
 * own wait on the disk) in which a kill made the note but not the send, and the crash test lost two
 * alarms in ten kills that way. Eight bytes written to a file are in the operating system's hands
 * in microseconds and survive the process, as the embedded database's commits do; a power cut may
 * lose the note, and the message then goes again.
 */
public final class SendNote implements AutoCloseable {
  /** "id attempts", fixed width: one write puts the whole note in place. */
  private static final String FORMAT = "%019d %010d\n";

  private static final int LENGTH = 31;

  private final RandomAccessFile file;

  /**
   * A noted send.
   *
   * @param attempts how many times the row had been tried before this send: a row tried again since
   *     (a refusal logged) is not this send any more
   */
  public record Noted(long id, int attempts) {}

  public SendNote(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.file = new RandomAccessFile(path.toFile(), "rw");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the send note " + path, e);
    }
  }

  /**
   * Notes that the message of log row {@code id}, tried {@code attempts} times before, is about to
   * be handed to its channel.
   */
  public synchronized void sending(long id, int attempts) {
    write(id, attempts);
  }

  /** The send noted and not cleared, if any: sent or not, its channel was called. */
  public synchronized Optional<Noted> last() {
    try {
      if (file.length() < LENGTH) {
        return Optional.empty();
      }
      byte[] text = new byte[LENGTH];
      file.seek(0);
      file.readFully(text);
      String[] parts = new String(text, StandardCharsets.US_ASCII).strip().split(" ");
      long id = Long.parseLong(parts[0]);
      return id > 0 ? Optional.of(new Noted(id, Integer.parseInt(parts[1]))) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the send note: " + e.getMessage(), e);
    }
  }

  /** Forgets the note, once the log holds what became of the send. */
  public synchronized void clear() {
    write(0, 0);
  }

  private void write(long id, int attempts) {
    try {
      file.seek(0);
      file.write(
          String.format(Locale.ROOT, FORMAT, id, attempts).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the send note", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the send note", e);
    }
  }
}
