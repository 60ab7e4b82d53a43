package org.citysense.cloud.pipeline;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.citysense.cloud.ingest.IngestService;
import org.jboss.logging.Logger;

/**
 * A bounded queue and one thread that feeds every subscribed stage. When the queue is full the
 * ingest waits (back-pressure) rather than drop: the readings are already stored, and the rules
 * must see them all.
 */
public final class InProcessHandOff implements HandOff {
  private static final Logger LOG = Logger.getLogger(InProcessHandOff.class);

  private final BlockingQueue<IngestService.Accepted> queue;
  private final List<Consumer<IngestService.Accepted>> stages = new CopyOnWriteArrayList<>();
  private final Thread worker;
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean running = true;

  public InProcessHandOff(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::run, "hand-off");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  @Override
  public void subscribe(Consumer<IngestService.Accepted> stage) {
    stages.add(stage);
  }

  @Override
  public void accept(IngestService.Accepted accepted) {
    try {
      queue.put(accepted);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing on a batch", e);
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      IngestService.Accepted next;
      try {
        next = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null) {
        continue;
      }
      for (Consumer<IngestService.Accepted> stage : stages) {
        try {
          stage.accept(next);
        } catch (RuntimeException e) {
          // one failing stage must not starve the others
          LOG.errorf(
              e, "stage failed [gateway: %s, batch: %s]", next.gatewayId(), next.batch().batchId());
        }
      }
      delivered.incrementAndGet();
    }
  }

  /** Batches handed to every stage so far. */
  public long delivered() {
    return delivered.get();
  }

  public int depth() {
    return queue.size();
  }

  @Override
  public void close() {
    running = false;
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
