package org.citysense.agent.buffer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link BufferCrashTest}: appends items with increasing seqs to the buffer in
 * {@code args[0]}, starting at {@code args[1]}, and prints each seq the buffer reports as taken,
 * one per line, until it is killed.
 */
public final class BufferWriterMain {
  private BufferWriterMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    long seq = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferSettings settings = new BufferSettings(1L << 30, 16 * 1024, Duration.ofMillis(5));
    DurableBuffer buffer = new DurableBuffer(dir, settings, out::println);
    out.println("open");
    while (true) {
      for (int i = 0; i < 20; i++, seq++) {
        buffer.append(seq % 7 == 0 ? TestItems.alarm(seq) : TestItems.normal(seq));
      }
      Thread.sleep(1);
    }
  }
}
