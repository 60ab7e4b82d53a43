package org.citysense.agent.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PointWriter;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.WriteResult;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical bus (an RS-485 line, one Modbus TCP endpoint): a bounded queue of poll jobs served
 * by one thread, one transaction at a time, as the wire requires. A slow or dead device delays only
 * its own bus; when too much is waiting, new jobs are refused and counted. Writes (an edge alarm
 * closing a valve) go ahead of every queued poll, in the order they came.
 *
 * <p>An endpoint that answers several requests at once (a native Modbus TCP device or PLC with
 * {@code inFlight} above 1) is served by as many lanes, each a queue and a thread. Each device is
 * pinned to one lane, the first time the bus sees it, round-robin: so its polls and writes still
 * run one at a time and in order (what the scheduler, the read handler and device health rely on),
 * while devices on different lanes are read at once. Writes go ahead of the queued polls of their
 * lane. The capacity, the counters and close are the bus's, whatever its lanes.
 */
public final class Bus implements AutoCloseable, PointWriter {
  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);

  private final String key;
  private final PollingDriver driver;

  /** At most this many writes wait at once; beyond, a write is refused rather than queued. */
  private static final int MAX_WRITES = 64;

  private final int capacity;
  private final List<BusLane> lanes = new ArrayList<>();
  private final Map<String, BusLane> laneOfDevice = new ConcurrentHashMap<>();
  private final AtomicInteger nextLane = new AtomicInteger();
  private final AtomicLong order = new AtomicLong();
  private final AtomicInteger queuedPolls = new AtomicInteger();
  private final AtomicInteger queuedWrites = new AtomicInteger();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicLong failedPolls = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong faults = new AtomicLong();
  private volatile boolean running = true;

  /** A bus served by one thread, one transaction at a time. */
  public Bus(String key, PollingDriver driver, int capacity) {
    this(key, driver, capacity, 1);
  }

  /**
   * @param capacity polls that may wait on the whole bus, over all its lanes
   * @param lanes devices read at once; the driver must take as many calls at once
   */
  public Bus(String key, PollingDriver driver, int capacity, int lanes) {
    if (lanes < 1) {
      throw new IllegalArgumentException("a bus has at least one lane, not " + lanes);
    }
    this.key = key;
    this.driver = driver;
    this.capacity = capacity;
    for (int i = 1; i <= lanes; i++) {
      String name = lanes == 1 ? "bus " + key : "bus " + key + " lane " + i + "/" + lanes;
      this.lanes.add(new BusLane(name, this::serve, this::failWrites));
    }
  }

  public void start() {
    lanes.forEach(BusLane::start);
  }

  public String key() {
    return key;
  }

  public PollingDriver driver() {
    return driver;
  }

  /** Devices this bus reads at once. */
  public int lanes() {
    return lanes.size();
  }

  /** The device's lane: the next one round-robin the first time, the same one ever after. */
  private BusLane laneOf(DeviceInstance device) {
    return laneOfDevice.computeIfAbsent(
        device.id(), id -> lanes.get(Math.floorMod(nextLane.getAndIncrement(), lanes.size())));
  }

  /** Queues {@code job}; false (and counted) when the queue is full. */
  public boolean submit(PollJob job) {
    if (queuedPolls.incrementAndGet() > capacity) {
      queuedPolls.decrementAndGet();
      rejected.incrementAndGet();
      return false;
    }
    laneOf(job.device().instance()).add(new Task(job, null, order.getAndIncrement()));
    return true;
  }

  /**
   * Writes {@code value} to {@code point} of {@code device} ahead of every queued poll. The result
   * comes on the bus thread; a refusal (too many writes waiting, bus closed) comes at once as a
   * failed result. Never blocks, so it may be called from any thread, the bus's own included.
   */
  @Override
  public CompletableFuture<WriteResult> write(DeviceInstance device, Point point, Value value) {
    CompletableFuture<WriteResult> result = new CompletableFuture<>();
    if (!running) {
      result.complete(refused("the bus is closed"));
    } else if (queuedWrites.incrementAndGet() > MAX_WRITES) {
      queuedWrites.decrementAndGet();
      rejected.incrementAndGet();
      result.complete(refused(MAX_WRITES + " writes are already waiting"));
    } else {
      laneOf(device)
          .add(new Task(null, new Write(device, point, value, result), order.getAndIncrement()));
    }
    return result;
  }

  private WriteResult refused(String why) {
    return WriteResult.failed(
        Failure.of(Failure.Kind.DISCONNECTED, "bus " + key + " refused the write: " + why));
  }

  /** Runs one task on its lane's thread. */
  private void serve(Task task) {
    try {
      if (task.isPoll()) {
        queuedPolls.decrementAndGet();
        poll(task.poll());
      } else {
        queuedWrites.decrementAndGet();
        write(task.write());
      }
    } catch (Throwable t) { // nothing may end a lane's thread: its devices still need reading
      faults.incrementAndGet();
      LOG.error("bus task failed, the bus goes on [bus: {}, faults: {}]", key, faults.get(), t);
    }
  }

  private void write(Write w) {
    try {
      w.result().complete(driver.write(w.device(), w.point(), w.value()));
    } catch (RuntimeException e) {
      LOG.error(
          "write failed [bus: {}, device: {}, point: {}]",
          key,
          w.device().id(),
          w.point().name(),
          e);
      w.result()
          .complete(WriteResult.failed(Failure.of(Failure.Kind.MALFORMED, "driver error: " + e)));
    }
  }

  /** Nobody waits forever on a write the closed bus will not make. */
  private void failWrites(List<Task> waiting) {
    for (Task t : waiting) {
      if (!t.isPoll()) {
        t.write().result().complete(refused("the bus is closed"));
      }
    }
  }

  /**
   * Reads, then hands the results on, each step guarded on its own: a driver bug becomes failed
   * results, and a failure of whoever takes the results (a full disk, say) is counted without
   * handing the same results on a second time.
   */
  private void poll(PollJob job) {
    List<PointResult> results;
    try {
      results = driver.read(job.device().instance(), job.points());
      if (results.stream().noneMatch(r -> r.isOk() || r.failure().deviceAnswered())) {
        failedPolls.incrementAndGet();
      }
    } catch (RuntimeException e) {
      failedPolls.incrementAndGet();
      LOG.error("poll failed [bus: {}, device: {}]", key, job.device().id(), e);
      Failure failure = Failure.of(Failure.Kind.MALFORMED, "driver error: " + e);
      results = job.points().stream().map(p -> PointResult.failed(p, failure)).toList();
    }
    try {
      job.done().accept(results);
    } finally {
      polls.incrementAndGet(); // counted once handled, so a count seen means the job is done
    }
  }

  /** A queued poll or write; writes sort first, then both by arrival. */
  record Task(PollJob poll, Write write, long order) {
    boolean isPoll() {
      return poll != null;
    }
  }

  record Write(
      DeviceInstance device, Point point, Value value, CompletableFuture<WriteResult> result) {}

  public int queueDepth() {
    return lanes.stream().mapToInt(BusLane::depth).sum();
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

  /** Tasks that failed with an error the bus caught so that it could go on. */
  public long faults() {
    return faults.get();
  }

  /**
   * Stops every lane after its task at hand (within 5 s), fails waiting writes, closes the driver.
   */
  @Override
  public void close() {
    running = false;
    lanes.forEach(BusLane::stop);
    long deadline = System.nanoTime() + 5_000_000_000L;
    try {
      for (BusLane lane : lanes) {
        lane.join((deadline - System.nanoTime()) / 1_000_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lanes.forEach(lane -> failWrites(lane.waiting()));
    driver.close();
  }
}
