package org.citysense.agent.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.WriteResult;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.Test;

/**
 * A bus with several lanes (an endpoint that takes several requests at once): devices on different
 * lanes are read at once, while each device's polls and writes still run one at a time, in order,
 * writes first. Proven with latches and a driver that records who is inside it, never with times.
 */
class BusLanesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final DeviceProfile profile =
      ProfileCatalog.bundled().find("gas-lel-modbus").orElseThrow();
  private final Point valve = profile.point("valve").orElseThrow();
  private final Point gasAlarm = profile.point("gas_alarm").orElseThrow();

  @Test
  void fourLanesReadFourDevicesAtOnce() throws Exception {
    GatedDriver driver = new GatedDriver(4);
    try (Bus bus = new Bus("modbus-tcp test", driver, 8, 4)) {
      bus.start();
      for (String id : List.of("a", "b", "c", "d")) {
        assertThat(bus.submit(job(id, r -> {}))).isTrue();
      }
      assertThat(driver.inside.await(WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("all four reads inside the driver at once")
          .isTrue();
      assertThat(driver.mostInside.get()).isEqualTo(4);
      assertThat(bus.lanes()).isEqualTo(4);
      driver.releaseAll();
      Poll.until("four polls", WAIT, () -> bus.polls() == 4);
      assertThat(bus.failedPolls()).isZero();
      assertThat(bus.queueDepth()).isZero();
    }
  }

  @Test
  void aDevicesNextJobWaitsForItsLaneWhileOtherLanesAreIdle() throws Exception {
    GatedDriver driver = new GatedDriver(4);
    try (Bus bus = new Bus("modbus-tcp test", driver, 8, 4)) {
      bus.start();
      for (String id : List.of("a", "b", "c", "d")) {
        bus.submit(job(id, r -> {}));
      }
      assertThat(driver.inside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      driver.holdOnly("a"); // b, c and d finish; a's first read stays inside the driver
      Poll.until("b, c and d polled", WAIT, () -> bus.polls() == 3);

      bus.submit(job("b", r -> {}));
      bus.submit(job("a", r -> {}));
      Poll.until("b polled again on its idle lane", WAIT, () -> bus.polls() == 4);

      // three lanes are idle, yet a's second poll waits for its first: a device has one lane
      assertThat(driver.reads("a")).isEqualTo(1);
      assertThat(bus.queueDepth()).isEqualTo(1);
      driver.releaseAll();
      Poll.until("a's two polls", WAIT, () -> bus.polls() == 6);
      assertThat(driver.reads("a")).isEqualTo(2);
      assertThat(driver.mostPerDevice.get()).isEqualTo(1);
    }
  }

  @Test
  void aDevicesJobsNeverOverlapAndKeepTheirOrder() throws Exception {
    GatedDriver driver = new GatedDriver(0);
    driver.releaseAll();
    List<String> ids = List.of("a", "b", "c", "d", "e", "f", "g"); // not a multiple of the lanes
    Map<String, List<Integer>> done = new ConcurrentHashMap<>();
    int rounds = 25;
    try (Bus bus = new Bus("modbus-tcp test", driver, 1000, 4)) {
      bus.start();
      for (int round = 0; round < rounds; round++) {
        for (String id : ids) {
          int n = round;
          List<Integer> mine = done.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
          assertThat(bus.submit(job(id, r -> mine.add(n)))).isTrue();
        }
      }
      Poll.until("every poll", WAIT, () -> bus.polls() == rounds * ids.size());
      assertThat(bus.rejected()).isZero();
      assertThat(bus.faults()).isZero();
    }
    assertThat(driver.mostPerDevice.get()).as("reads of one device at once").isEqualTo(1);
    List<Integer> inOrder = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      inOrder.add(i);
    }
    assertThat(done).allSatisfy((id, polls) -> assertThat(polls).as(id).isEqualTo(inOrder));
    // pinned round-robin as first seen: a and e on lane 1, b and f on lane 2, c and g on 3, d on 4
    assertThat(driver.threads)
        .allSatisfy((id, threads) -> assertThat(threads).as(id).hasSize(1))
        .satisfies(
            t -> assertThat(t.get("a")).isEqualTo(t.get("e")).isNotEqualTo(t.get("b")),
            t -> assertThat(t.get("c")).isEqualTo(t.get("g")).isNotEqualTo(t.get("d")));
    assertThat(driver.threads.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(
            "bus modbus-tcp test lane 1/4",
            "bus modbus-tcp test lane 2/4",
            "bus modbus-tcp test lane 3/4",
            "bus modbus-tcp test lane 4/4");
  }

  @Test
  void aWriteGoesAheadOfItsDevicesQueuedPolls() throws Exception {
    GatedDriver driver = new GatedDriver(2);
    try (Bus bus = new Bus("modbus-tcp test", driver, 8, 4)) {
      bus.start();
      bus.submit(job("a", r -> {}));
      bus.submit(job("b", r -> {}));
      assertThat(driver.inside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      bus.submit(job("a", r -> {}));
      bus.submit(job("a", r -> {}));
      var first = bus.write(device("a"), valve, Value.of(false));
      var second = bus.write(device("a"), valve, Value.of(true));
      var other = bus.write(device("c"), valve, Value.of(false)); // a lane of its own, idle
      assertThat(other.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
      assertThat(first).isNotDone();
      driver.releaseAll();

      assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
      assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS).ok()).isTrue();
      Poll.until("four polls", WAIT, () -> bus.polls() == 4);
      assertThat(driver.calls.get("a"))
          .containsExactly("read", "write valve=false", "write valve=true", "read", "read");
    }
  }

  @Test
  void theQueueLimitIsTheWholeBussAndCloseFailsWaitingWritesAndEndsEveryLane() throws Exception {
    GatedDriver driver = new GatedDriver(4);
    Bus bus = new Bus("modbus-tcp lanes", driver, 2, 4);
    bus.start();
    List<String> ids = List.of("a", "b", "c", "d");
    for (int i = 0; i < ids.size(); i++) {
      int started = i + 1; // one at a time, so that no more than the limit ever waits
      assertThat(bus.submit(job(ids.get(i), r -> {}))).isTrue();
      Poll.until("read inside", WAIT, () -> driver.inside.getCount() == ids.size() - started);
    }
    assertThat(bus.submit(job("a", r -> {}))).isTrue();
    assertThat(bus.submit(job("b", r -> {}))).isTrue();
    assertThat(bus.submit(job("c", r -> {}))).as("a third waiting poll").isFalse();
    assertThat(bus.rejected()).isEqualTo(1);
    assertThat(bus.queueDepth()).isEqualTo(2);
    var waiting = bus.write(device("d"), valve, Value.of(false));

    bus.close(); // the reads inside the driver are interrupted

    WriteResult refused = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.failure().message()).contains("the bus is closed");
    WriteResult late = bus.write(device("a"), valve, Value.of(false)).getNow(null);
    assertThat(late).isNotNull();
    assertThat(late.ok()).isFalse();
    assertThat(driver.closed).isTrue();
    assertThat(bus.polls()).as("the four interrupted reads, handled").isEqualTo(4);
    assertThat(liveThreadsNamed("bus modbus-tcp lanes")).isEmpty();
  }

  private static List<String> liveThreadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .toList();
  }

  private PollJob job(String id, java.util.function.Consumer<List<PointResult>> done) {
    return new PollJob(new BoundDevice(device(id), profile), List.of(gasAlarm), done);
  }

  private static DeviceInstance device(String id) {
    return new DeviceInstance(
        id,
        "gas-lel-modbus",
        new Transport.ModbusTcp("127.0.0.1", 502, 1, 4),
        null,
        null,
        null,
        null,
        Map.of(),
        Map.of());
  }

  /**
   * Records per device its calls and the threads that made them, and how many reads were inside it
   * at once, overall and per device. Reads are held until {@link #releaseAll}, or only those of one
   * device after {@link #holdOnly}; the first {@code gated} reads count down {@link #inside}.
   */
  private static final class GatedDriver implements PollingDriver {
    final CountDownLatch inside;
    final AtomicInteger mostInside = new AtomicInteger();
    final AtomicInteger mostPerDevice = new AtomicInteger();
    final Map<String, List<String>> calls = new ConcurrentHashMap<>();
    final Map<String, Set<String>> threads = new ConcurrentHashMap<>();
    private final AtomicInteger now = new AtomicInteger();
    private final Map<String, AtomicInteger> nowPerDevice = new ConcurrentHashMap<>();
    private final Object gate = new Object();
    private boolean holdAll = true;
    private String holdOne;
    volatile boolean closed;

    GatedDriver(int gated) {
      this.inside = new CountDownLatch(gated);
    }

    /** From now on only reads of {@code id} are held. */
    void holdOnly(String id) {
      synchronized (gate) {
        holdAll = false;
        holdOne = id;
        gate.notifyAll();
      }
    }

    void releaseAll() {
      holdOnly(null);
    }

    int reads(String id) {
      return (int) calls.getOrDefault(id, List.of()).stream().filter("read"::equals).count();
    }

    @Override
    public List<PointResult> read(DeviceInstance device, List<Point> points) {
      enter(device, "read");
      try {
        mostInside.accumulateAndGet(now.incrementAndGet(), Math::max);
        inside.countDown();
        awaitTurn(device.id());
        return points.stream().map(p -> PointResult.ok(p, new RawValue.Bit(false))).toList();
      } finally {
        now.decrementAndGet();
        leave(device);
      }
    }

    @Override
    public WriteResult write(DeviceInstance device, Point point, Value value) {
      enter(device, "write " + point.name() + "=" + value);
      leave(device);
      return WriteResult.OK;
    }

    private void enter(DeviceInstance device, String call) {
      int mine =
          nowPerDevice.computeIfAbsent(device.id(), k -> new AtomicInteger()).incrementAndGet();
      mostPerDevice.accumulateAndGet(mine, Math::max);
      calls.computeIfAbsent(device.id(), k -> new CopyOnWriteArrayList<>()).add(call);
      threads
          .computeIfAbsent(device.id(), k -> ConcurrentHashMap.newKeySet())
          .add(Thread.currentThread().getName());
      Thread.yield(); // a wider window for another read of the same device to come in
    }

    private void leave(DeviceInstance device) {
      nowPerDevice.get(device.id()).decrementAndGet();
    }

    private void awaitTurn(String id) {
      synchronized (gate) {
        try {
          while (holdAll || id.equals(holdOne)) {
            gate.wait();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the bus is closing
        }
      }
    }

    @Override
    public long requests() {
      return calls.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
