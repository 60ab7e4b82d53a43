package org.citysense.cloud.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  private final FileChannel file;
  private final ByteBuffer buffer = ByteBuffer.allocate(2 * Long.BYTES);

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
      this.file =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
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
      buffer.clear();
      if (file.read(buffer, 0) < buffer.capacity()) {
        return Optional.empty();
      }
      long id = buffer.getLong(0);
      return id > 0 ? Optional.of(new Noted(id, (int) buffer.getLong(8))) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the send note", e);
    }
  }

  /** Forgets the note, once the log holds what became of the send. */
  public synchronized void clear() {
    write(0, 0);
  }

  private void write(long id, int attempts) {
    try {
      buffer.clear();
      buffer.putLong(0, id);
      buffer.putLong(8, attempts);
      file.write(buffer, 0);
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
