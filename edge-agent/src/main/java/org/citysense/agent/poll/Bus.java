package org.citysense.agent.poll;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical bus (an RS-485 line, one Modbus TCP endpoint): a bounded queue of poll jobs served
 * by one thread, one transaction at a time, as the wire requires. A slow or dead device delays only
 * its own bus; when too much is waiting, new jobs are refused and counted.
 */
public final class Bus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

  private final String key;
  private final PollingDriver driver;
  private final BlockingQueue<PollJob> queue;
  private final Thread worker;
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong failedPolls = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile boolean running = true;

  public Bus(String key, PollingDriver driver, int capacity) {
    this.key = key;
    this.driver = driver;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::serve, "bus " + key);
    this.worker.setDaemon(true);
  }

  public void start() {
    worker.start();
  }

  public String key() {
    return key;
  }

  public PollingDriver driver() {
    return driver;
  }

  /** Queues {@code job}; false (and counted) when the queue is full. */
  public boolean submit(PollJob job) {
    boolean accepted = queue.offer(job);
    if (!accepted) {
      rejected.incrementAndGet();
    }
    return accepted;
  }

  private void serve() {
    while (running) {
      PollJob job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        List<PointResult> results = driver.read(job.device().instance(), job.points());
        if (results.stream().noneMatch(r -> r.isOk() || r.failure().deviceAnswered())) {
          failedPolls.incrementAndGet();
        }
        job.done().accept(results);
        polls.incrementAndGet(); // counted once handled, so a count seen means the job is done
      } catch (RuntimeException e) {
        // a driver bug must not kill the bus: the other devices on it still need reading
        failedPolls.incrementAndGet();
        LOG.error("poll failed [bus: {}, device: {}]", key, job.device().id(), e);
        Failure failure = Failure.of(Failure.Kind.MALFORMED, "driver error: " + e);
        job.done().accept(job.points().stream().map(p -> PointResult.failed(p, failure)).toList());
      }
    }
  }

  public int queueDepth() {
    return queue.size();
  }

  public long polls() {
    return polls.get();
  }

  /** Polls in which the device did not answer at all. */
  public long failedPolls() {
    return failedPolls.get();
  }

  public long rejected() {
    return rejected.get();
  }

  @Override
  public void close() {
    running = false;
    worker.interrupt();
    try {
      worker.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    driver.close();
  }
}
