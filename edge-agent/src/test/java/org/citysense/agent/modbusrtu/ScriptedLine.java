package org.citysense.agent.modbusrtu;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A serial line played by the test: what the master writes is recorded, and the answer a script
 * gives for it arrives in the chunks the script chose, as a real UART delivers it.
 */
final class ScriptedLine implements SerialLine {
  final List<byte[]> written = new ArrayList<>();
  final List<Long> writtenAt = new ArrayList<>();
  private final Deque<byte[]> incoming = new ArrayDeque<>();
  private Function<byte[], List<byte[]>> script = request -> List.of();
  private IOException failure;
  long lastByteAt;
  boolean closed;

  /** How the "bus" answers each frame: the chunks to deliver, none for silence. */
  void answer(Function<byte[], List<byte[]>> script) {
    this.script = script;
  }

  /** Bytes already waiting before the next request, as a late answer leaves them. */
  void stale(byte[] bytes) {
    incoming.add(bytes);
  }

  /** The next read fails as a vanished port does. */
  void failWith(IOException e) {
    this.failure = e;
  }

  @Override
  public void discardInput() {
    incoming.clear();
  }

  @Override
  public void write(byte[] bytes) {
    written.add(bytes.clone());
    writtenAt.add(System.nanoTime());
    incoming.addAll(script.apply(bytes));
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (failure != null) {
      throw failure;
    }
    byte[] chunk = incoming.poll();
    if (chunk == null) {
      try {
        Thread.sleep(1); // the poll interval of a real port
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
    int n = Math.min(length, chunk.length);
    System.arraycopy(chunk, 0, buffer, offset, n);
    if (n < chunk.length) {
      incoming.addFirst(java.util.Arrays.copyOfRange(chunk, n, chunk.length));
    }
    lastByteAt = System.nanoTime();
    return n;
  }

  @Override
  public void close() {
    closed = true;
  }
}
