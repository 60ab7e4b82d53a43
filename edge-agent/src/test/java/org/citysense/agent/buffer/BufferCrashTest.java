package org.citysense.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that is appending to the buffer with SIGKILL, again and again on the same folder,
 * and checks that every seq it was told was taken is drained exactly once afterwards.
 */
class BufferCrashTest {
  private static final int RUNS = 10;

  @TempDir Path dir;

  @Test
  void everyTakenSeqSurvivesKillNineExactlyOnce() throws Exception {
    Random random = new Random();
    Set<Long> taken = new HashSet<>();
    for (int run = 1; run <= RUNS; run++) {
      taken.addAll(runAndKill(run * 10_000_000L, 1 + random.nextInt(3_000)));
    }
    assertThat(taken).isNotEmpty();

    List<Long> drained = new ArrayList<>();
    try (DurableBuffer buffer =
        new DurableBuffer(
            dir, new BufferSettings(1L << 30, 16 * 1024, Duration.ofHours(1)), null)) {
      for (Pending p = buffer.next(500); !p.isEmpty(); p = buffer.next(500)) {
        p.items().forEach(item -> drained.add(item.seq()));
        buffer.acknowledge(p);
      }
      assertThat(buffer.counters().evicted()).isZero();
    }
    assertThat(drained).doesNotHaveDuplicates();
    assertThat(new HashSet<>(drained)).containsAll(taken);
  }

  /** Runs the writer until it reported {@code atLeast} taken seqs, kills it, returns them all. */
  private Set<Long> runAndKill(long firstSeq, int atLeast) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                BufferWriterMain.class.getName(),
                dir.toString(),
                Long.toString(firstSeq))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Set<Long> taken = new HashSet<>();
    CompletableFuture<Void> enough = new CompletableFuture<>();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (!line.equals("open")) {
                    synchronized (taken) {
                      taken.add(Long.parseLong(line));
                      if (taken.size() >= atLeast) {
                        enough.complete(null);
                      }
                    }
                  }
                }
              } catch (IOException e) {
                // the pipe breaks when the child dies
              } finally {
                enough.complete(null);
              }
            });
    try {
      enough.get(2, TimeUnit.MINUTES);
    } finally {
      child.destroyForcibly();
      child.waitFor(1, TimeUnit.MINUTES);
    }
    reader.get(1, TimeUnit.MINUTES); // everything the child printed before it died
    assertThat(child.exitValue()).isNotZero();
    synchronized (taken) {
      assertThat(taken).as("seqs reported taken by run from %d", firstSeq).hasSizeGreaterThan(0);
      return new HashSet<>(taken);
    }
  }
}
