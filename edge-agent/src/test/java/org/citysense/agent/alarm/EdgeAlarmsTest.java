package org.citysense.agent.alarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.testing.RecordingSink;
import org.citysense.profiles.device.AlarmAction;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.AlarmLimit;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge alarms on their own: transitions, which readings decide, limits, hysteresis, and the writes
 * of {@code onAlarm} through a real bus over a fake driver. Actions run on the test's thread (the
 * bus has its own), so every event is out when {@code accept} returns.
 */
class EdgeAlarmsTest {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();
  private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  @TempDir Path dataDir;
  private final RecordingSink sink = new RecordingSink();
  private final FakeDriver driver = new FakeDriver();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private int second;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void raisesOnceAtTheLimitAndClearsOnlyBelowItsHysteresisBand() {
    EdgeAlarms alarms = alarms(List.of(gas("gas-1", Map.of(), List.of())), Map.of());

    feed(alarms, "gas-1", "gas", Value.of(12.0));
    assertThat(sink.edgeEvents()).isEmpty();

    Reading leak = feed(alarms, "gas-1", "gas", Value.of(25.0));
    feed(alarms, "gas-1", "gas", Value.of(40.0));
    // 20 %LEL less 5 % of it is 19: 19.5 is still in alarm, 18.9 is out
    feed(alarms, "gas-1", "gas", Value.of(19.5));
    assertThat(alarms.inAlarm("gas-1", "gas")).isTrue();
    feed(alarms, "gas-1", "gas", Value.of(18.9));
    assertThat(alarms.inAlarm("gas-1", "gas")).isFalse();
    feed(alarms, "gas-1", "gas", Value.of(10.0));

    List<EdgeEvent> events = sink.edgeEvents();
    assertThat(events)
        .extracting(EdgeEvent::kind)
        .containsExactly(EdgeEvent.RAISED, EdgeEvent.CLEARED);
    EdgeEvent raised = events.get(0);
    assertThat(raised.deviceId()).isEqualTo("gas-1");
    assertThat(raised.point()).isEqualTo("gas");
    assertThat(raised.value()).isEqualTo(Value.of(25.0));
    assertThat(raised.limit()).isEqualTo(">= 20.0");
    assertThat(raised.ts()).isEqualTo(leak.timestamp().toEpochMilli());
    assertThat(raised.actions()).isEmpty();
    assertThat(events.get(1).value()).isEqualTo(Value.of(18.9));
    assertThat(events.get(1).seq()).isGreaterThan(raised.seq());
  }

  @Test
  void onlyGoodReadingsRaiseOrClear() {
    EdgeAlarms alarms = alarms(List.of(gas("gas-1", Map.of(), List.of())), Map.of());
    Point gas = point("gas");

    alarms.accept(reading("gas-1", gas, Value.of(60.0), Quality.STUCK), gas);
    alarms.accept(reading("gas-1", gas, Value.of(120.0), Quality.OUT_OF_RANGE), gas);
    assertThat(sink.edgeEvents()).isEmpty();

    feed(alarms, "gas-1", "gas", Value.of(30.0));
    alarms.accept(Reading.commError("gas-1", gas, next()), gas);
    alarms.accept(reading("gas-1", gas, Value.of(0.0), Quality.STUCK), gas);
    assertThat(alarms.inAlarm("gas-1", "gas")).isTrue();
    assertThat(sink.edgeEvents()).extracting(EdgeEvent::kind).containsExactly(EdgeEvent.RAISED);
  }

  @Test
  void theInstancesLimitOverridesTheProfiles() {
    EdgeAlarms alarms =
        alarms(
            List.of(
                gas("gas-1", Map.of("gas", new AlarmLimit(15.0, null)), List.of()),
                gas("gas-2", Map.of(), List.of())),
            Map.of());

    feed(alarms, "gas-1", "gas", Value.of(16.0));
    feed(alarms, "gas-2", "gas", Value.of(16.0));

    assertThat(sink.edgeEvents()).hasSize(1);
    assertThat(sink.edgeEvents().get(0).deviceId()).isEqualTo("gas-1");
    assertThat(sink.edgeEvents().get(0).limit()).isEqualTo(">= 15.0");
  }

  @Test
  void aBooleanPointIsInAlarmWhileTrue() {
    EdgeAlarms alarms = alarms(List.of(gas("gas-1", Map.of(), List.of())), Map.of());

    feed(alarms, "gas-1", "gas_alarm", Value.of(false));
    feed(alarms, "gas-1", "gas_alarm", Value.of(true));
    feed(alarms, "gas-1", "gas_alarm", Value.of(true));
    feed(alarms, "gas-1", "gas_alarm", Value.of(false));

    assertThat(sink.edgeEvents())
        .extracting(EdgeEvent::kind, EdgeEvent::value, EdgeEvent::limit)
        .containsExactly(
            tuple(EdgeEvent.RAISED, Value.of(true), "when true"),
            tuple(EdgeEvent.CLEARED, Value.of(false), "when true"));
  }

  @Test
  void theDevicesOwnValveIsClosedBeforeTheRaisedEventAndNotOnClearing() {
    BoundDevice gas =
        gas("gas-1", Map.of(), List.of(new AlarmAction(null, "valve", Value.of(false))));
    EdgeAlarms alarms = alarms(List.of(gas), Map.of("gas-1", bus()));

    feed(alarms, "gas-1", "gas", Value.of(35.0));
    feed(alarms, "gas-1", "gas", Value.of(5.0));

    assertThat(driver.writes).containsExactly("gas-1/valve=false");
    List<EdgeEvent> events = sink.edgeEvents();
    assertThat(events.get(0).actions())
        .containsExactly(new EdgeAction("gas-1", "valve", Value.of(false), true, null));
    assertThat(events.get(1).kind()).isEqualTo(EdgeEvent.CLEARED);
    assertThat(events.get(1).actions()).isEmpty();
  }

  @Test
  void aFailedWriteIsReportedInTheEventNotThrown() {
    driver.failWith = Failure.of(Failure.Kind.EXCEPTION, "illegal data address");
    BoundDevice gas =
        gas(
            "gas-1",
            Map.of(),
            List.of(
                new AlarmAction(null, "valve", Value.of(false)),
                new AlarmAction("gas-9", "valve", Value.of(false))));
    EdgeAlarms alarms = alarms(List.of(gas), Map.of("gas-1", bus()));

    feed(alarms, "gas-1", "gas", Value.of(35.0));

    EdgeEvent raised = sink.edgeEvents().get(0);
    assertThat(raised.kind()).isEqualTo(EdgeEvent.RAISED);
    assertThat(raised.actions())
        .containsExactly(
            new EdgeAction(
                "gas-1", "valve", Value.of(false), false, "exception: illegal data address"),
            new EdgeAction(
                "gas-9", "valve", Value.of(false), false, "no device gas-9 on this gateway"));
  }

  @Test
  void aPushOnlyTargetCannotBeWrittenFromTheGateway() {
    BoundDevice smoke =
        new BoundDevice(
            new DeviceInstance(
                "smoke-1",
                "smoke-nbiot-mqtt",
                new Transport.Mqtt(null),
                null,
                null,
                null,
                null,
                Map.of(),
                Map.of(),
                List.of(new AlarmAction("sos-1", "pressed", Value.of(true)))),
            PROFILES.find("smoke-nbiot-mqtt").orElseThrow());
    BoundDevice sos =
        new BoundDevice(
            new DeviceInstance(
                "sos-1",
                "alarm-button-mqtt",
                new Transport.Mqtt(null),
                null,
                null,
                null,
                null,
                Map.of(),
                Map.of()),
            PROFILES.find("alarm-button-mqtt").orElseThrow());
    EdgeAlarms alarms = alarms(List.of(smoke, sos), Map.of());
    Point point = smoke.profile().point("smoke").orElseThrow();

    alarms.accept(reading("smoke-1", point, Value.of(true), Quality.GOOD), point);

    assertThat(sink.edgeEvents().get(0).actions())
        .containsExactly(
            new EdgeAction(
                "sos-1",
                "pressed",
                Value.of(true),
                false,
                "device sos-1 cannot be written from the gateway"));
  }

  @Test
  void aClosedBusRefusesTheWriteAndTheAlarmStillGoesOut() {
    BoundDevice gas =
        gas("gas-1", Map.of(), List.of(new AlarmAction(null, "valve", Value.of(false))));
    Bus bus = bus();
    bus.close();
    EdgeAlarms alarms = alarms(List.of(gas), Map.of("gas-1", bus));

    feed(alarms, "gas-1", "gas_alarm", Value.of(true));

    EdgeAction valve = sink.edgeEvents().get(0).actions().get(0);
    assertThat(valve.ok()).isFalse();
    assertThat(valve.detail()).contains("refused the write: the bus is closed");
  }

  private EdgeAlarms alarms(List<BoundDevice> devices, Map<String, Bus> buses) {
    EdgeAlarms alarms =
        new EdgeAlarms(
            new SequenceStore(dataDir),
            sink,
            devices,
            buses,
            Runnable::run,
            Duration.ofSeconds(10));
    toClose.add(alarms);
    return alarms;
  }

  private Bus bus() {
    Bus bus = new Bus("modbus-tcp test", driver, 8);
    bus.start();
    toClose.add(bus);
    return bus;
  }

  private static BoundDevice gas(
      String id, Map<String, AlarmLimit> limits, List<AlarmAction> onAlarm) {
    return new BoundDevice(
        new DeviceInstance(
            id,
            "gas-lel-modbus",
            new Transport.ModbusTcp("127.0.0.1", 502, 7),
            null,
            "h-101",
            null,
            null,
            limits,
            Map.of(),
            onAlarm),
        PROFILES.find("gas-lel-modbus").orElseThrow());
  }

  private static Point point(String name) {
    return PROFILES.find("gas-lel-modbus").orElseThrow().point(name).orElseThrow();
  }

  private Reading feed(EdgeAlarms alarms, String deviceId, String pointName, Value value) {
    Point p = point(pointName);
    Reading r = reading(deviceId, p, value, Quality.GOOD);
    alarms.accept(r, p);
    return r;
  }

  private Reading reading(String deviceId, Point p, Value value, Quality quality) {
    return new Reading(deviceId, p.name(), p.quantity(), value, next(), quality);
  }

  private Instant next() {
    return T0.plusSeconds(second++);
  }

  /** Records writes; confirms them, or fails them with {@code failWith}. */
  private static final class FakeDriver implements PollingDriver {
    final List<String> writes = new CopyOnWriteArrayList<>();
    volatile Failure failWith;

    @Override
    public List<PointResult> read(DeviceInstance device, List<Point> points) {
      return List.of();
    }

    @Override
    public WriteResult write(DeviceInstance device, Point point, Value value) {
      writes.add(device.id() + "/" + point.name() + "=" + value);
      return failWith == null ? WriteResult.OK : WriteResult.failed(failWith);
    }

    @Override
    public long requests() {
      return 0;
    }

    @Override
    public void close() {}
  }
}
