package org.citysense.bench;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.citysense.cloud.evaluate.DeviceContext;
import org.citysense.cloud.evaluate.Evaluation;
import org.citysense.cloud.evaluate.Evaluator;
import org.citysense.cloud.evaluate.Evaluators;
import org.citysense.cloud.evaluate.Observation;
import org.citysense.cloud.evaluate.RuleEngine;
import org.citysense.cloud.evaluate.Signal;
import org.citysense.cloud.evaluate.SignalSink;
import org.citysense.cloud.evaluate.StationPlace;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleReader;
import org.citysense.cloud.rules.RuleSet;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * Readings per second through the rule engine alone (no HTTP, no store, no event service): every
 * rule of the bundled defaults over a replayed city feed, as fast as the engine takes it.
 *
 * <p>The city: 1,000 stations on a grid of about 40 × 40 km around 31.23 N, 121.47 E, each with a
 * PM2.5 transmitter (pm25-rs485: pm2_5, pm10, humidity, temperature) and a radar water-level gauge
 * (water-level-radar: level, temperature) whose station has a "warning" level; 1,000 households
 * each with a gas detector (gas-lel-modbus: gas, gas_alarm) and a water meter (water-meter-modbus:
 * volume, flow, and battery once an hour). Every device reports every 60 s of event time at its own
 * second of the minute, about 10,000 readings per simulated minute, through 20 gateways (100
 * stations or 100 households each) whose readings go to the engine in batches of 500 as {@link
 * IngestService.Accepted}; the engine's clock follows the feed and {@link RuleEngine#tick()} runs
 * every simulated 5 s. The feed has something for every rule: PM2.5 of 20–60 with 1 % of stations
 * 50 % above their neighbours 2 h in every 6, river levels with a slow tide and 1 % of gauges
 * rising 0.5 m/h past their warning level once a day, gas at 0–5 %LEL with a few 10-minute leaks,
 * meters that count up in the day and stay still at night (1 % of households never use water), 2 %
 * of meters going silent for 20 min every 2 days, and batteries running down.
 *
 * <p>Only the engine's calls are timed (feed generation is not); readings/s = readings / time in
 * {@code accept} and {@code tick}. With {@code --per-rule} each evaluator is wrapped in a timer
 * (which costs some tens of ns per call itself) to show where the time goes.
 *
 * <p>usage: RuleEvaluationBench [SECONDS [WARMUP_SECONDS]] [--per-rule]
 */
public final class RuleEvaluationBench {
  static final int STATIONS = 1000;
  static final int HOUSEHOLDS = 1000;
  static final int BATCH = 500;
  static final int PER_GATEWAY = 100;
  static final long STEP_MS = 5_000;
  static final double CENTRE_LAT = 31.23;
  static final double CENTRE_LON = 121.47;
  static final double SIDE_KM = 40;

  private static final int PM = 0;
  private static final int LEVEL = 1;
  private static final int GAS = 2;
  private static final int METER = 3;

  private RuleEvaluationBench() {}

  /** One device's place in the feed: which generator, which station or household, when. */
  private record Emitter(int kind, int index, String deviceId, int gateway, int phaseMs) {}

  /** The engine's clock: follows the feed, not the wall. */
  private static final class FeedClock extends Clock {
    private long millis;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  /** Counts signals, raises and clears per rule. */
  private static final class CountingSink implements SignalSink {
    long total;
    final Map<String, long[]> byRule = new TreeMap<>();

    @Override
    public void accept(Signal signal) {
      total++;
      long[] c = byRule.computeIfAbsent(signal.ruleId(), r -> new long[2]);
      c[signal.kind() == Signal.Kind.RAISE ? 0 : 1]++;
    }
  }

  /** An evaluator with a stopwatch, for --per-rule. */
  private static final class Timed implements Evaluator {
    final Evaluator inner;
    long observeNs;
    long tickNs;

    Timed(Evaluator inner) {
      this.inner = inner;
    }

    @Override
    public Rule rule() {
      return inner.rule();
    }

    @Override
    public void observe(Observation o, SignalSink out) {
      long t0 = System.nanoTime();
      inner.observe(o, out);
      observeNs += System.nanoTime() - t0;
    }

    @Override
    public void tick(Instant now, SignalSink out) {
      long t0 = System.nanoTime();
      inner.tick(now, out);
      tickNs += System.nanoTime() - t0;
    }

    @Override
    public void gatewayContact(String gatewayId, Instant now, SignalSink out) {
      inner.gatewayContact(gatewayId, now, out);
    }

    @Override
    public void statusChange(DeviceContext device, StatusChange change, SignalSink out) {
      inner.statusChange(device, change, out);
    }

    @Override
    public RuleStatus status() {
      return inner.status();
    }
  }

  public static void main(String[] args) {
    List<String> plain = new ArrayList<>();
    boolean perRule = false;
    for (String a : args) {
      if (a.equals("--per-rule")) {
        perRule = true;
      } else {
        plain.add(a);
      }
    }
    int seconds = plain.size() > 0 ? Integer.parseInt(plain.get(0)) : 30;
    int warmup = plain.size() > 1 ? Integer.parseInt(plain.get(1)) : 20;
    new RuleEvaluationBench.Run(perRule).go(warmup, seconds);
  }

  private static final class Run {
    final SplittableRandom random = new SplittableRandom(42);
    final ProfileCatalog profiles = ProfileCatalog.bundled();
    final MapRuleDirectory directory = new MapRuleDirectory(profiles);
    final FeedClock clock = new FeedClock();
    final CountingSink sink = new CountingSink();
    final List<Timed> timed = new ArrayList<>();
    final RuleEngine engine;
    final long start = OffsetDateTime.parse("2026-03-02T00:00:00+08:00").toInstant().toEpochMilli();

    // stations
    final double[] pmBias = new double[STATIONS];
    final double[] hotPhase = new double[STATIONS]; // NaN: not a hot spot
    final double[] levelBase = new double[STATIONS];
    final double[] tidePhase = new double[STATIONS];
    final double[] floodPhase = new double[STATIONS]; // NaN: no flood
    // households
    final long[] leakUntil = new long[HOUSEHOLDS];
    final double[] leakLevel = new double[HOUSEHOLDS];
    final boolean[] noUse = new boolean[HOUSEHOLDS];
    final double[] volume = new double[HOUSEHOLDS];
    final double[] battery = new double[HOUSEHOLDS];

    final String[] gatewayIds;
    final List<List<WireReading>> buffers = new ArrayList<>();
    final long[] seqs;

    @SuppressWarnings("unchecked")
    final List<Emitter>[] buckets = new List[(int) (60_000 / STEP_MS)];

    long readings;
    long batches;

    /** The hand-off log position of the next batch, as the rule runtime numbers them. */
    long entry;

    long acceptNs;
    long tickNs;
    long ticks;

    Run(boolean perRule) {
      int stationGateways = (STATIONS + PER_GATEWAY - 1) / PER_GATEWAY;
      int householdGateways = (HOUSEHOLDS + PER_GATEWAY - 1) / PER_GATEWAY;
      gatewayIds = new String[stationGateways + householdGateways];
      seqs = new long[gatewayIds.length];
      for (int g = 0; g < gatewayIds.length; g++) {
        gatewayIds[g] = g < stationGateways ? "gw-st-" + g : "gw-hh-" + (g - stationGateways);
        directory.gateway(gatewayIds[g], g < stationGateways ? "district-st" : "district-hh");
        buffers.add(new ArrayList<>(BATCH));
      }
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] = new ArrayList<>();
      }
      int cols = (int) Math.ceil(Math.sqrt(STATIONS));
      double kmLat = 111.32;
      double kmLon = 111.32 * Math.cos(Math.toRadians(CENTRE_LAT));
      double spacing = SIDE_KM / (cols - 1);
      for (int s = 0; s < STATIONS; s++) {
        int row = s / cols;
        int col = s % cols;
        double north = row * spacing - SIDE_KM / 2 + random.nextDouble(-0.2, 0.2);
        double east = col * spacing - SIDE_KM / 2 + random.nextDouble(-0.2, 0.2);
        String id = String.format("st-%04d", s);
        String unit = "street-" + (s / PER_GATEWAY);
        directory.station(
            new StationPlace(id, unit, CENTRE_LAT + north / kmLat, CENTRE_LON + east / kmLon));
        int gw = s / PER_GATEWAY;
        String pm = id + "-pm";
        String wl = id + "-wl";
        directory.device(new DeviceContext(pm, gatewayIds[gw], "pm25-rs485", id, null, unit));
        directory.device(
            new DeviceContext(wl, gatewayIds[gw], "water-level-radar", id, null, unit));
        schedule(new Emitter(PM, s, pm, gw, random.nextInt(60_000)));
        schedule(new Emitter(LEVEL, s, wl, gw, random.nextInt(60_000)));
        // a smooth east-west gradient plus a little of each station's own
        pmBias[s] = 4 * (2.0 * col / (cols - 1) - 1) + random.nextDouble(-1.5, 1.5);
        hotPhase[s] = random.nextInt(100) == 0 ? random.nextDouble(6) : Double.NaN;
        levelBase[s] = random.nextDouble(1.5, 3.5);
        directory.level(id, "warning", levelBase[s] + 1.2);
        tidePhase[s] = random.nextDouble(2 * Math.PI);
        floodPhase[s] = random.nextInt(100) == 0 ? random.nextDouble(24) : Double.NaN;
      }
      for (int h = 0; h < HOUSEHOLDS; h++) {
        String id = String.format("hh-%04d", h);
        String unit = "community-" + (h / 50);
        int gw = stationGateways + h / PER_GATEWAY;
        String gas = id + "-gas";
        String meter = id + "-meter";
        directory.device(new DeviceContext(gas, gatewayIds[gw], "gas-lel-modbus", null, id, unit));
        directory.device(
            new DeviceContext(meter, gatewayIds[gw], "water-meter-modbus", null, id, unit));
        schedule(new Emitter(GAS, h, gas, gw, random.nextInt(60_000)));
        schedule(new Emitter(METER, h, meter, gw, random.nextInt(60_000)));
        leakUntil[h] = -1;
        noUse[h] = random.nextInt(100) == 0;
        volume[h] = random.nextDouble(10, 900);
        battery[h] = random.nextDouble(12, 100);
      }
      directory.seal();
      RuleSet rules = new RuleReader().bundledDefaults();
      Evaluators evaluators = new Evaluators(directory);
      engine =
          new RuleEngine(
              directory,
              profiles,
              perRule
                  ? set -> {
                    List<Evaluator> made = new ArrayList<>();
                    for (Evaluator e : evaluators.of(set)) {
                      Timed t = new Timed(e);
                      timed.add(t);
                      made.add(t);
                    }
                    return made;
                  }
                  : evaluators::of,
              rules);
    }

    private void schedule(Emitter e) {
      buckets[(int) (e.phaseMs() / STEP_MS)].add(e);
    }

    void go(int warmupSeconds, int seconds) {
      long wallStart = System.nanoTime();
      long warmupEnd = wallStart + warmupSeconds * 1_000_000_000L;
      long end = warmupEnd + seconds * 1_000_000_000L;
      boolean measuring = false;
      long readings0 = 0;
      long accept0 = 0;
      long tick0 = 0;
      long ticks0 = 0;
      long signals0 = 0;
      long batches0 = 0;
      long simAt0 = start;
      long wall0 = wallStart;
      long step = 0;
      while (true) {
        long now = System.nanoTime();
        if (!measuring && now >= warmupEnd) {
          measuring = true;
          readings0 = readings;
          accept0 = acceptNs;
          tick0 = tickNs;
          ticks0 = ticks;
          signals0 = sink.total;
          batches0 = batches;
          simAt0 = start + step * STEP_MS;
          wall0 = now;
          for (Timed t : timed) {
            t.observeNs = 0;
            t.tickNs = 0;
          }
        }
        if (now >= end) {
          break;
        }
        step(step++);
      }
      long wall = System.nanoTime() - wall0;
      long simAt = start + step * STEP_MS;
      long n = readings - readings0;
      long accept = acceptNs - accept0;
      long tick = tickNs - tick0;
      long ns = accept + tick;
      long signals = sink.total - signals0;

      System.out.printf(
          "feed: %d stations, %d households, %d devices, %d gateways, batches of %d; simulated"
              + " %s to %s (%.1f h), of which measured %.1f h%n",
          STATIONS,
          HOUSEHOLDS,
          2 * (STATIONS + HOUSEHOLDS),
          gatewayIds.length,
          BATCH,
          Instant.ofEpochMilli(start),
          Instant.ofEpochMilli(simAt),
          (simAt - start) / 3.6e6,
          (simAt - simAt0) / 3.6e6);
      System.out.printf(
          "measured: %d readings in %d batches, %.2f s in the engine of %.2f s wall (the rest is"
              + " making the feed); %.0f readings/s of wall%n",
          n, batches - batches0, ns / 1e9, wall / 1e9, n / (wall / 1e9));
      System.out.printf(
          "engine: accept %.0f ns/reading; tick %.0f µs a call, %d calls, %.0f ns/reading%n",
          (double) accept / n, tick / 1e3 / (ticks - ticks0), ticks - ticks0, (double) tick / n);
      System.out.println(
          "rule                      evaluated  signalled  no-decision  raise  clear");
      for (RuleStatus s : engine.status()) {
        long[] c = sink.byRule.getOrDefault(s.ruleId(), new long[2]);
        System.out.printf(
            "%-24s %10d %10d %12d %6d %6d%n",
            s.ruleId(), s.evaluated(), s.signalled(), s.noDecision(), c[0], c[1]);
        if (!s.notes().isEmpty()) {
          System.out.println("    latest note: " + s.notes().get(0));
        }
      }
      if (!timed.isEmpty()) {
        System.out.println("per rule (measured part, timer overhead included):");
        for (Timed t : timed) {
          System.out.printf(
              "  %-24s observe %6.1f ns/reading   tick %8.1f ms total%n",
              t.rule().id(), (double) t.observeNs / n, t.tickNs / 1e6);
        }
      }
      int ruleCount = engine.rules().rules().size();
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf("heap_after_gc_mb=%.1f%n", heap / 1048576.0);
      // keep the engine (and its state) alive through the GC above
      java.lang.ref.Reference.reachabilityFence(engine);
      System.out.printf(
          "readings_per_second=%.0f ns_per_reading=%.0f signals=%d stations=%d rules=%d%n",
          n / (ns / 1e9), (double) ns / n, signals, STATIONS, ruleCount);
    }

    private void step(long step) {
      long stepStart = start + step * STEP_MS;
      long minute = step / buckets.length;
      long minuteStart = start + minute * 60_000;
      clock.millis = stepStart + STEP_MS;
      for (Emitter e : buckets[(int) (step % buckets.length)]) {
        long ts = minuteStart + e.phaseMs();
        switch (e.kind()) {
          case PM -> pm(e, ts);
          case LEVEL -> level(e, ts);
          case GAS -> gas(e, minute, ts);
          default -> meter(e, minute, ts);
        }
      }
      long t0 = System.nanoTime();
      Evaluation found = engine.tick(entry, clock.instant());
      tickNs += System.nanoTime() - t0;
      found.signals().forEach(p -> sink.accept(p.signal()));
      ticks++;
    }

    private void pm(Emitter e, long ts) {
      int s = e.index();
      double hours = (ts - start) / 3.6e6;
      double v =
          40
              + 12 * Math.sin(2 * Math.PI * hours / 24)
              + 6 * Math.sin(2 * Math.PI * hours / 7.3)
              + pmBias[s]
              + random.nextGaussian() * 2;
      if (!Double.isNaN(hotPhase[s]) && (hours + hotPhase[s]) % 6 < 2) {
        v *= 1.5;
      }
      double pm25 = Math.max(0, Math.round(v));
      add(e, "pm2_5", Quantity.PM2_5, pm25, ts);
      add(
          e,
          "pm10",
          Quantity.PM10,
          Math.max(0, Math.round(pm25 * 1.5 + random.nextGaussian() * 3)),
          ts);
      add(
          e,
          "humidity",
          Quantity.HUMIDITY,
          round(65 + 15 * Math.sin(2 * Math.PI * hours / 24 + 1) + random.nextGaussian(), 1),
          ts);
      add(
          e,
          "temperature",
          Quantity.TEMPERATURE,
          round(14 + 6 * Math.sin(2 * Math.PI * (hours - 9) / 24) + random.nextGaussian() * 0.3, 1),
          ts);
    }

    private void level(Emitter e, long ts) {
      int s = e.index();
      double hours = (ts - start) / 3.6e6;
      double v =
          levelBase[s]
              + 0.25 * Math.sin(2 * Math.PI * hours / 12.42 + tidePhase[s])
              + random.nextGaussian() * 0.003;
      if (!Double.isNaN(floodPhase[s])) {
        double u = (hours + floodPhase[s]) % 24;
        v += u < 3 ? 0.5 * u : u < 6 ? 1.5 - 0.5 * (u - 3) : 0;
      }
      add(e, "level", Quantity.WATER_LEVEL, round(v, 3), ts);
      add(e, "temperature", Quantity.TEMPERATURE, round(12 + random.nextGaussian() * 0.2, 1), ts);
    }

    private void gas(Emitter e, long minute, long ts) {
      int h = e.index();
      double v;
      if (leakUntil[h] > minute) {
        v = leakLevel[h] + random.nextGaussian() * 2;
      } else if (random.nextInt(12_000) == 0) { // about 5 leaks an hour among 1,000 kitchens
        leakUntil[h] = minute + 10;
        leakLevel[h] = random.nextDouble(25, 45);
        v = leakLevel[h];
      } else {
        v = Math.min(5, Math.abs(1.5 + random.nextGaussian() * 1.2));
      }
      v = round(Math.max(0, v), 1);
      add(e, "gas", Quantity.GAS, v, ts);
      WireReading alarm =
          new WireReading(
              ++seqs[e.gateway()],
              e.deviceId(),
              "gas_alarm",
              Quantity.GAS_ALARM,
              Value.of(v >= 20),
              Quantity.GAS_ALARM.canonicalUnit().symbol(),
              ts,
              Quality.GOOD);
      push(e.gateway(), alarm);
    }

    private void meter(Emitter e, long minute, long ts) {
      int h = e.index();
      if (h % 50 == 0 && (minute + h * 37L) % 2880 < 20) {
        return; // silent: 20 min every 2 days for 2 % of the meters
      }
      double localHour = ((ts - start) / 3.6e6) % 24; // the feed starts at local midnight
      double used = 0;
      if (!noUse[h]) {
        double p = localHour >= 6 && localHour < 23 ? 0.12 : 0.01;
        if (random.nextDouble() < p) {
          used = random.nextDouble(0.005, 0.03);
        }
      }
      volume[h] += used;
      add(e, "volume", Quantity.WATER_VOLUME, round(volume[h], 3), ts);
      add(e, "flow", Quantity.WATER_FLOW, round(used * 60, 3), ts);
      if (minute % 60 == h % 60) {
        battery[h] = Math.max(0, battery[h] - 0.02);
        add(e, "battery", Quantity.BATTERY, Math.round(battery[h]), ts);
      }
    }

    private void add(Emitter e, String point, Quantity q, double v, long ts) {
      push(
          e.gateway(),
          new WireReading(
              ++seqs[e.gateway()],
              e.deviceId(),
              point,
              q,
              Value.of(v),
              q.canonicalUnit().symbol(),
              ts,
              Quality.GOOD));
    }

    private void push(int gateway, WireReading r) {
      List<WireReading> buffer = buffers.get(gateway);
      buffer.add(r);
      if (buffer.size() == BATCH) {
        List<WireReading> list = List.copyOf(buffer);
        buffer.clear();
        Accepted accepted =
            new Accepted(gatewayIds[gateway], clock.instant(), list, List.of(), List.of());
        long t0 = System.nanoTime();
        Evaluation found = engine.evaluate(++entry, accepted);
        acceptNs += System.nanoTime() - t0;
        found.signals().forEach(p -> sink.accept(p.signal()));
        readings += BATCH;
        batches++;
      }
    }

    private static double round(double v, int digits) {
      double f = Math.pow(10, digits);
      return Math.round(v * f) / f;
    }
  }
}
