package org.citysense.agent.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.normalize.Normalizer;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.normalize.StuckDetector;
import org.citysense.agent.pipeline.DeviceHealth;
import org.citysense.agent.pipeline.Emitter;
import org.citysense.agent.pipeline.LastValues;
import org.citysense.agent.pipeline.ReadHandler;
import org.citysense.agent.sink.JsonLinesSink;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduling and health with fake drivers (a unit test of the scheduler and its buses): counts,
 * never wall-clock times. The real drivers are proven against real peers in the *IT tests.
 */
class SchedulerTest {
  private final ProfileCatalog profiles = ProfileCatalog.bundled();
  private final StringWriter out = new StringWriter();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));

  /** Elapsed time, which the tests move with the clock unless they step the clock alone. */
  private final AtomicLong ticks = new AtomicLong();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  @TempDir Path dataDir;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void aHangingBusDoesNotDelayAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeDriver hanging = new FakeDriver(release);
    FakeDriver healthy = new FakeDriver(null);
    Bus a = bus("A", hanging);
    Bus b = bus("B", healthy);
    Scheduler scheduler = scheduler(Map.of(device("pm-a", 1), a, device("pm-b", 2), b), 1);
    for (int minute = 1; minute <= 30; minute++) {
      scheduler.tick();
      awaitPolls(b, minute);
      advance(Duration.ofSeconds(61));
    }
    // bus A is stuck in its first read the whole time; bus B read every due minute
    assertThat(hanging.reads.get()).isEqualTo(1);
    assertThat(b.polls()).isEqualTo(30);
    assertThat(a.polls()).isZero();
    release.countDown();
  }

  @Test
  void aSilentDeviceGoesOfflineOnceAndOnlineOnceWhenItAnswers() throws Exception {
    FakeDriver flaky = new FakeDriver(null);
    flaky.silent = true;
    Bus bus = bus("A", flaky);
    Scheduler scheduler = scheduler(Map.of(device("gas-1", 1), bus), 3);
    for (int poll = 1; poll <= 5; poll++) {
      scheduler.tick();
      awaitPolls(bus, poll);
      advance(Duration.ofSeconds(61));
    }
    flaky.silent = false;
    for (int poll = 6; poll <= 8; poll++) {
      scheduler.tick();
      awaitPolls(bus, poll);
      advance(Duration.ofSeconds(61));
    }
    List<String> statuses =
        out.toString().lines().filter(l -> l.startsWith("{\"status\"")).toList();
    assertThat(statuses).hasSize(2);
    assertThat(statuses.get(0)).contains("\"state\":\"offline\"").contains("3 consecutive polls");
    assertThat(statuses.get(1)).contains("\"state\":\"online\"").contains("answered again");
    assertThat(out.toString())
        .contains("\"quality\":\"comm_error\"")
        .contains("\"quality\":\"good\"");
  }

  @Test
  void aStepOfTheWallClockChangesTimestampsNotThePolling() throws Exception {
    FakeDriver driver = new FakeDriver(null);
    Bus bus = bus("A", driver);
    Scheduler scheduler = scheduler(Map.of(device("pm-a", 1), bus), 3);
    int poll = 0;
    for (Duration step : List.of(Duration.ofHours(-6), Duration.ofHours(6))) {
      for (int minute = 0; minute < 3; minute++) {
        scheduler.tick();
        awaitPolls(bus, ++poll);
        advance(Duration.ofSeconds(61));
      }
      clock.advance(step); // NTP sets the wall clock; elapsed time goes on as it was
    }
    scheduler.tick();
    awaitPolls(bus, ++poll);
    // one poll per elapsed minute throughout, none skipped for six hours, none doubled
    assertThat(bus.polls()).isEqualTo(7);
    assertThat(driver.reads.get()).isEqualTo(7);
    // the readings carry the wall clock, step and all
    assertThat(out.toString())
        .contains("\"ts\":" + Instant.parse("2026-11-22T00:00:00Z").toEpochMilli())
        .contains("\"ts\":" + Instant.parse("2026-11-21T18:03:03Z").toEpochMilli())
        .contains("\"ts\":" + Instant.parse("2026-11-22T00:06:06Z").toEpochMilli());
  }

  @Test
  void whateverTakesThePollsResultsThrowsTheBusGoesOnAndCountsIt() throws Exception {
    FakeDriver driver = new FakeDriver(null);
    Bus bus = bus("A", driver);
    BoundDevice device = device("gas-1", 1);
    AtomicInteger handed = new AtomicInteger();
    for (int i = 1; i <= 5; i++) {
      bus.submit(
          new PollJob(
              device,
              device.profile().points(),
              results -> {
                handed.incrementAndGet();
                throw new IllegalStateException("No space left on device");
              }));
      awaitPolls(bus, i);
    }
    // each poll's results were handed on once, and each failure counted, the thread alive
    assertThat(handed.get()).isEqualTo(5);
    assertThat(bus.faults()).isEqualTo(5);
    assertThat(driver.reads.get()).isEqualTo(5);
  }

  private void advance(Duration d) {
    clock.advance(d);
    ticks.addAndGet(d.toNanos());
  }

  private Scheduler scheduler(Map<BoundDevice, Bus> polled, int offlineAfter) {
    Emitter emitter =
        new Emitter(
            new SequenceStore(dataDir),
            new JsonLinesSink(new PrintWriter(out), false),
            new LastValues());
    DeviceHealth health = new DeviceHealth(offlineAfter, emitter);
    ReadHandler handler =
        new ReadHandler(
            clock,
            ticks::get,
            new Normalizer(new StuckDetector(20, Duration.ofMinutes(30))),
            emitter,
            health,
            new ProblemLog(org.slf4j.LoggerFactory.getLogger("problems")));
    Scheduler s =
        new Scheduler(
            clock, ticks::get, polled, List.of(), handler, health, Duration.ofSeconds(30));
    toClose.add(s);
    return s;
  }

  private Bus bus(String key, FakeDriver driver) {
    Bus bus = new Bus(key, driver, 8);
    bus.start();
    toClose.add(bus);
    return bus;
  }

  private BoundDevice device(String id, int unit) {
    DeviceInstance instance =
        new DeviceInstance(
            id,
            "gas-lel-modbus",
            new Transport.ModbusTcp("127.0.0.1", 502, unit),
            null,
            null,
            null,
            null,
            Map.of(),
            Map.of(
                "gas", Duration.ofMinutes(1),
                "gas_alarm", Duration.ofMinutes(1),
                "valve", Duration.ofMinutes(1)));
    return new BoundDevice(instance, profiles.find("gas-lel-modbus").orElseThrow());
  }

  /** Waits (bounded) until {@code bus} has finished {@code polls} polls. */
  private static void awaitPolls(Bus bus, long polls) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (bus.polls() < polls) {
      assertThat(System.nanoTime())
          .as("bus %s reaching %d polls", bus.key(), polls)
          .isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  /** Answers every point from fixed values, or times out, or hangs until released. */
  private static final class FakeDriver implements PollingDriver {
    final CountDownLatch hangUntil;
    final AtomicInteger reads = new AtomicInteger();
    volatile boolean silent;

    FakeDriver(CountDownLatch hangUntil) {
      this.hangUntil = hangUntil;
    }

    @Override
    public List<PointResult> read(DeviceInstance device, List<Point> points) {
      reads.incrementAndGet();
      if (hangUntil != null) {
        try {
          hangUntil.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return points.stream()
          .map(
              p ->
                  silent
                      ? PointResult.failed(p, Failure.of(Failure.Kind.TIMEOUT, "no answer in 1s"))
                      : PointResult.ok(p, raw(p)))
          .toList();
    }

    private static RawValue raw(Point p) {
      if (p.quantity().isBoolean()) {
        return new RawValue.Bit(false);
      }
      return new RawValue.Registers(Encoder.registers(p, Value.of(1.5)));
    }

    @Override
    public WriteResult write(DeviceInstance device, Point point, Value value) {
      return WriteResult.OK;
    }

    @Override
    public long requests() {
      return reads.get();
    }

    @Override
    public void close() {}
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
