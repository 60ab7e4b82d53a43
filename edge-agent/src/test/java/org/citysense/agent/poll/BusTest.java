package org.citysense.agent.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

/** A write waits for the transaction on the wire, then goes ahead of every queued poll. */
class BusTest {
  private final DeviceProfile profile =
      ProfileCatalog.bundled().find("gas-lel-modbus").orElseThrow();
  private final Point valve = profile.point("valve").orElseThrow();
  private final Point gasAlarm = profile.point("gas_alarm").orElseThrow();

  @Test
  void writesGoAheadOfQueuedPollsInTheOrderTheyCame() throws Exception {
    OrderedDriver driver = new OrderedDriver();
    try (Bus bus = new Bus("modbus-tcp test", driver, 8)) {
      bus.start();
      assertThat(bus.submit(job("a"))).isTrue();
      assertThat(driver.firstReadStarted.await(10, TimeUnit.SECONDS)).isTrue();
      bus.submit(job("b"));
      bus.submit(job("c"));
      var first = bus.write(device("w1"), valve, Value.of(false));
      var second = bus.write(device("w2"), valve, Value.of(true));
      driver.release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS).ok()).isTrue();
      assertThat(second.get(10, TimeUnit.SECONDS).ok()).isTrue();
      Poll.until("three polls", Duration.ofSeconds(10), () -> bus.polls() == 3);
      assertThat(driver.calls)
          .containsExactly(
              "read a", "write w1 valve=false", "write w2 valve=true", "read b", "read c");
    }
  }

  @Test
  void aFullQueueRefusesPollsButStillTakesAWrite() throws Exception {
    OrderedDriver driver = new OrderedDriver();
    try (Bus bus = new Bus("modbus-tcp test", driver, 1)) {
      bus.start();
      bus.submit(job("a"));
      assertThat(driver.firstReadStarted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(bus.submit(job("b"))).isTrue();
      assertThat(bus.submit(job("c"))).isFalse();
      var write = bus.write(device("w"), valve, Value.of(false));
      driver.release.countDown();

      assertThat(write.get(10, TimeUnit.SECONDS)).isEqualTo(WriteResult.OK);
      assertThat(bus.rejected()).isEqualTo(1);
    }
  }

  private PollJob job(String id) {
    return new PollJob(new BoundDevice(device(id), profile), List.of(gasAlarm), r -> {});
  }

  private static DeviceInstance device(String id) {
    return new DeviceInstance(
        id,
        "gas-lel-modbus",
        new Transport.ModbusTcp("127.0.0.1", 502, 1),
        null,
        null,
        null,
        null,
        Map.of(),
        Map.of());
  }

  /** Records reads and writes in order; the first read holds the bus until released. */
  private static final class OrderedDriver implements PollingDriver {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch firstReadStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public List<PointResult> read(DeviceInstance device, List<Point> points) {
      calls.add("read " + device.id());
      firstReadStarted.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return points.stream().map(p -> PointResult.ok(p, new RawValue.Bit(false))).toList();
    }

    @Override
    public WriteResult write(DeviceInstance device, Point point, Value value) {
      calls.add("write " + device.id() + " " + point.name() + "=" + value);
      return WriteResult.OK;
    }

    @Override
    public long requests() {
      return calls.size();
    }

    @Override
    public void close() {}
  }
}
