package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.citysense.profiles.clock.ClockSettings;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.WireReading;
import org.citysense.sim.device.SimDevice;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.TcpRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud goes away, the gateway keeps reading. Simulator, agent and cloud share one clock at
 * 1200x (a simulated day is 72 s); the agent reaches the cloud through a {@link TcpRelay}.
 *
 * <ol>
 *   <li>Within the disk budget: the relay is cut for a simulated day; late in it a gas detector
 *       leaks. Once restored, the first ingest request carries the edge alarm and every alarm
 *       reading of the outage, ahead of the day's backlog; then every taken seq is stored once.
 *   <li>Past the budget (128 KB): a second gateway is cut until it has taken several times what its
 *       budget holds, again with a leak. Once restored, the cloud's gateway view shows edgeEvicted
 *       &gt; 0, exactly that many taken seqs are missing and every other one is stored once, and
 *       the priority lane lost nothing: the edge alarm arrives and the detector's alarm readings
 *       over the outage have no hole.
 * </ol>
 */
class OutageIT {
  private static final double SPEED = 1200;
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration GAS_INTERVAL = Duration.ofMinutes(10);

  @TempDir Path dir;

  private Clock clock;
  private Map<String, String> clockEnv;

  @Test
  void noReadingIsLostWithinTheBudgetAndPastItOnlyCountedEvictions() throws Exception {
    long started = System.nanoTime();
    Instant anchor = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant simStart = Instant.parse("2026-11-22T20:00:00Z");
    clock = new ClockSettings(simStart, anchor, SPEED).toClock(Clock.systemUTC());
    clockEnv =
        Map.of(
            ClockSettings.SPEED_ENV, String.valueOf(SPEED),
            ClockSettings.START_ENV, simStart.toString(),
            ClockSettings.ANCHOR_ENV, anchor.toString());
    Map<String, String> profiles = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      profiles.put("pm-" + i, "pm25-rs485");
    }
    profiles.put("wm-1", "water-meter-modbus");
    profiles.put("wm-2", "water-meter-modbus");
    profiles.put("gas-1", "gas-lel-modbus");
    try (Cloud cloud = Cloud.start(dir, clockEnv);
        SimSite site = new SimSite(clock, 2, profiles)) {
      withinTheBudget(cloud, site);
      pastTheBudget(cloud, site);
    }
    System.out.printf("OutageIT: %d s%n", (System.nanoTime() - started) / 1_000_000_000);
  }

  private void withinTheBudget(Cloud cloud, SimSite site) throws Exception {
    SimDevice gas = site.sim("gas-1");
    try (TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "outage-within");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(site.devices(), Map.of()));
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent-within"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              site.devices(),
              intervals("5m"),
              "64MB",
              "1MB",
              clockEnv);
      try (ChildProcess process = agent.start()) {
        Poll.until(
            "the agent delivers before the outage",
            Duration.ofSeconds(120),
            () -> !SystemTestSupport.sent(relay).isEmpty(),
            process::tails);

        relay.cut();
        Instant cutAt = clock.instant();
        long takenBefore = agent.takenLines();
        awaitSimulated(cutAt.plus(DAY.multipliedBy(2).dividedBy(3)));
        Instant leakAt = clock.instant();
        gas.set("gas", Value.of(30.0));
        gas.set("gas_alarm", Value.of(true));
        awaitSimulated(cutAt.plus(DAY));
        long restoreMark = relay.arrivals();
        Instant restoreAt = clock.instant();
        relay.restore();
        long takenDuringOutage = agent.takenLines() - takenBefore;

        Poll.until(
            "a request after the restore",
            Duration.ofSeconds(120),
            () -> SystemTestSupport.sent(relay).stream().anyMatch(s -> s.arrival() > restoreMark),
            process::tails);
        Accounting end = drained(cloud, gateway, site.devices(), relay, agent, process, false);
        gas.clear("gas");
        gas.clear("gas_alarm");

        List<SystemTestSupport.Sent> sent = SystemTestSupport.sent(relay);
        Batch first =
            sent.stream().filter(s -> s.arrival() > restoreMark).findFirst().orElseThrow().batch();
        // the outage's alarm readings, as the agent sent them in any batch
        Set<Long> outageAlarms =
            sent.stream()
                .flatMap(s -> s.batch().readings().stream())
                .filter(r -> r.deviceId().equals("gas-1") && inAlarm(r))
                .filter(r -> r.ts() >= leakAt.toEpochMilli() && r.ts() < restoreAt.toEpochMilli())
                .map(WireReading::seq)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> firstSeqs =
            first.readings().stream().map(WireReading::seq).collect(Collectors.toSet());
        System.out.printf(
            "OutageIT within the budget: outage of %s simulated (%d items taken in it), leak at"
                + " +%s; first request after the restore: %d readings, %d edge events, %d status"
                + " changes; %d alarm readings of the outage; %d taken = %d stored + %d status"
                + " changes/edge events sent; %d readings stored in all, %d duplicates%n",
            Duration.between(cutAt, restoreAt),
            takenDuringOutage,
            Duration.between(cutAt, leakAt),
            first.readings().size(),
            first.edgeEvents().size(),
            first.statusChanges().size(),
            outageAlarms.size(),
            end.taken().size(),
            end.storedOfTaken(),
            end.nonReadingsOfTaken(),
            end.stored().size(),
            end.duplicates());

        assertThat(takenDuringOutage).as("readings taken during the outage").isGreaterThan(1000);
        assertThat(first.edgeEvents())
            .as("the first request after the restore carries the edge alarm")
            .anySatisfy(
                e -> {
                  assertThat(e.deviceId()).isEqualTo("gas-1");
                  assertThat(e.kind()).isEqualTo(EdgeEvent.RAISED);
                  assertThat(e.ts()).isBetween(leakAt.toEpochMilli(), restoreAt.toEpochMilli());
                });
        assertThat(outageAlarms).as("alarm readings during the outage").isNotEmpty();
        assertThat(firstSeqs)
            .as("the first request after the restore carries every alarm reading of the outage")
            .containsAll(outageAlarms);
        assertThat(end.missing()).as("taken seqs neither stored nor sent").isEmpty();
        assertThat(end.duplicates()).as("readings stored more than once").isZero();
        assertThat(end.evicted()).as("edgeEvicted").isZero();
        assertThat(cloud.gatewayView(gateway).path("edgeRejected").asLong(-1)).isZero();
      }
    }
  }

  private void pastTheBudget(Cloud cloud, SimSite site) throws Exception {
    // the same simulated devices, read by a second gateway under other ids
    List<SimSite.Device> devices =
        site.devices().stream()
            .map(
                d -> new SimSite.Device("b-" + d.id(), d.profile(), d.host(), d.port(), d.unitId()))
            .toList();
    SimDevice gas = site.sim("gas-1");
    try (TcpRelay relay = new TcpRelay("127.0.0.1", cloud.port(), true)) {
      String gateway = cloud.gateway(SystemTestSupport.COMMUNITY, "outage-past");
      cloud.importDevices(gateway, AgentSetup.devicesYaml(devices, Map.of()));
      AgentSetup agent =
          new AgentSetup(
              dir.resolve("agent-past"),
              gateway,
              cloud.gatewayToken(gateway),
              "http://127.0.0.1:" + relay.port(),
              devices,
              intervals("2m"),
              "128KB",
              "16KB",
              clockEnv);
      try (ChildProcess process = agent.start()) {
        Poll.until(
            "the agent delivers before the outage",
            Duration.ofSeconds(120),
            () -> !SystemTestSupport.sent(relay).isEmpty(),
            process::tails);

        relay.cut();
        Instant cutAt = clock.instant();
        long takenBefore = agent.takenLines();
        Poll.until(
            "a few items taken in the outage",
            Duration.ofSeconds(120),
            () -> agent.takenLines() - takenBefore > 200,
            process::tails);
        Instant leakAt = clock.instant();
        gas.set("gas", Value.of(30.0));
        gas.set("gas_alarm", Value.of(true));
        // several times what 128 KB holds, whatever an item's size on disk (at least 50 bytes)
        Poll.until(
            "6000 items taken in the outage",
            Duration.ofSeconds(180),
            () -> agent.takenLines() - takenBefore > 6000,
            process::tails);
        long restoreMark = relay.arrivals();
        Instant restoreAt = clock.instant();
        relay.restore();

        Accounting end = drained(cloud, gateway, devices, relay, agent, process, true);
        gas.clear("gas");
        gas.clear("gas_alarm");

        List<SystemTestSupport.Sent> sent = SystemTestSupport.sent(relay);
        List<Long> alarmTimes =
            sent.stream()
                .flatMap(s -> s.batch().readings().stream())
                .filter(r -> r.deviceId().equals("b-gas-1") && r.point().equals("gas"))
                .filter(r -> inAlarm(r) && r.ts() < restoreAt.toEpochMilli())
                .map(WireReading::ts)
                .distinct()
                .sorted()
                .toList();
        Duration widestHole = Duration.ZERO;
        for (int i = 1; i < alarmTimes.size(); i++) {
          Duration hole = Duration.ofMillis(alarmTimes.get(i) - alarmTimes.get(i - 1));
          widestHole = hole.compareTo(widestHole) > 0 ? hole : widestHole;
        }
        boolean edgeAfterRestore =
            sent.stream()
                .filter(s -> s.arrival() > restoreMark)
                .flatMap(s -> s.batch().edgeEvents().stream())
                .anyMatch(e -> e.deviceId().equals("b-gas-1") && e.kind().equals(EdgeEvent.RAISED));
        System.out.printf(
            "OutageIT past the budget: outage of %s simulated; %d taken = %d stored + %d status"
                + " changes/edge events sent + %d missing; edgeEvicted %d; %d readings stored in"
                + " all, %d duplicates; %d alarm readings of the leak delivered, widest hole"
                + " between them %s simulated (polled every %s)%n",
            Duration.between(cutAt, restoreAt),
            end.taken().size(),
            end.storedOfTaken(),
            end.nonReadingsOfTaken(),
            end.missing().size(),
            end.evicted(),
            end.stored().size(),
            end.duplicates(),
            alarmTimes.size(),
            widestHole,
            GAS_INTERVAL);

        assertThat(end.evicted()).as("edgeEvicted").isPositive();
        // every missing taken seq was evicted. The count may exceed them by the one batch that was
        // on its way when the link was cut: the cloud may have stored it without the answer
        // getting back, and once its segment is evicted the gateway cannot know, so it counts it.
        assertThat(end.missing().size())
            .as("taken seqs that are not stored: the evicted ones")
            .isBetween((int) Math.max(1, end.evicted() - 500), (int) end.evicted());
        assertThat(end.duplicates()).as("readings stored more than once").isZero();
        assertThat(edgeAfterRestore).as("the edge alarm of the outage was delivered").isTrue();
        assertThat(alarmTimes.get(0))
            .as("the first alarm reading was kept")
            .isLessThan(leakAt.plus(GAS_INTERVAL.multipliedBy(5)).toEpochMilli());
        assertThat(widestHole)
            .as("no hole in the alarm readings (priority items are evicted last)")
            .isLessThan(GAS_INTERVAL.multipliedBy(10));
        assertThat(cloud.gatewayView(gateway).path("edgeRejected").asLong(-1)).isZero();
      }
    }
  }

  /** Every point of every profile at {@code every}, the gas detector's at {@link #GAS_INTERVAL}. */
  private static Map<String, String> intervals(String every) {
    String gas = GAS_INTERVAL.toMinutes() + "m";
    return Map.of(
        "pm25-rs485",
        "humidity: " + every + ", temperature: " + every + ", pm2_5: " + every + ", pm10: " + every,
        "water-meter-modbus",
        "volume: " + every + ", flow: " + every + ", battery: " + every,
        "gas-lel-modbus",
        "gas: " + gas + ", gas_alarm: " + gas + ", valve: " + gas);
  }

  private static boolean inAlarm(WireReading r) {
    if (r.value() instanceof Value.Num n) {
      return r.point().equals("gas") && n.value() >= 20;
    }
    return r.value() instanceof Value.Bool b && r.point().equals("gas_alarm") && b.value();
  }

  /**
   * How the taken seqs ended.
   *
   * @param missing taken seqs neither stored nor sent as a status change or edge event
   */
  private record Accounting(
      Set<Long> taken,
      Map<Long, Integer> stored,
      Set<Long> nonReadings,
      Set<Long> missing,
      long evicted) {
    long storedOfTaken() {
      return taken.stream().filter(stored::containsKey).count();
    }

    long nonReadingsOfTaken() {
      return taken.stream().filter(q -> !stored.containsKey(q) && nonReadings.contains(q)).count();
    }

    long duplicates() {
      return stored.values().stream().filter(n -> n > 1).count();
    }
  }

  /**
   * Stops the agent (SIGTERM), lets an agent without devices drain what its buffer still holds, and
   * waits until every seq in taken.log is stored or sent as a status change or edge event — or,
   * with {@code evictions}, until the ones left missing are no more than the cloud's edgeEvicted
   * and stay so over one more look.
   */
  private Accounting drained(
      Cloud cloud,
      String gateway,
      List<SimSite.Device> devices,
      TcpRelay relay,
      AgentSetup agent,
      ChildProcess process,
      boolean evictions)
      throws Exception {
    process.stop(Duration.ofSeconds(30));
    Set<Long> taken = new TreeSet<>(agent.taken());
    AtomicReference<Accounting> last = new AtomicReference<>();
    int[] previous = {-1};
    try (ChildProcess drain = agent.startDraining()) {
      Poll.until(
          "every taken seq is stored, sent as a status change or edge event"
              + (evictions ? ", or evicted" : ""),
          Duration.ofSeconds(180),
          () -> {
            SystemTestSupport.pause(Duration.ofSeconds(2));
            if (!drain.isAlive()) {
              throw new AssertionError("the draining agent ended\n" + drain.tails());
            }
            try {
              Map<Long, Integer> stored = storedNow(cloud, gateway, devices);
              Set<Long> nonReadings = SystemTestSupport.nonReadings(relay);
              Set<Long> missing = new TreeSet<>(taken);
              missing.removeAll(stored.keySet());
              missing.removeAll(nonReadings);
              long evicted = cloud.gatewayView(gateway).path("edgeEvicted").asLong(-1);
              last.set(new Accounting(taken, stored, nonReadings, missing, evicted));
            } catch (Exception e) {
              throw new AssertionError(e);
            }
            int missing = last.get().missing().size();
            boolean still = missing == previous[0];
            previous[0] = missing;
            return evictions
                ? last.get().evicted() > 0 && missing <= last.get().evicted() && still
                : missing == 0;
          },
          () ->
              (last.get() == null
                      ? ""
                      : last.get().missing().size()
                          + " missing, e.g. "
                          + last.get().missing().stream().limit(10).toList()
                          + ", edgeEvicted "
                          + last.get().evicted())
                  + "\n"
                  + drain.tails());
      drain.stop(Duration.ofSeconds(30));
    }
    return last.get();
  }

  private Map<Long, Integer> storedNow(Cloud cloud, String gateway, List<SimSite.Device> devices)
      throws Exception {
    return SystemTestSupport.storedSeqs(
        cloud,
        gateway,
        devices,
        clock.instant().minus(DAY.multipliedBy(3)),
        clock.instant().plus(DAY));
  }

  /** Sleeps until the shared clock reads {@code when}. */
  private void awaitSimulated(Instant when) throws InterruptedException {
    while (clock.instant().isBefore(when)) {
      Thread.sleep(100);
    }
  }
}
