package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud killed with SIGKILL right after it answered 200, ten times: four gateways each post
 * batches of 500 readings carrying one household's gas leak (a reading of 25 %LEL and the gateway's
 * own {@code alarm_raised}); the cloud (from {@code bin/cloud-ingest}, notifications by SMPP to a
 * {@link LocalSmsc}) is killed as soon as one randomly chosen batch is answered, then started again
 * on its data, and the gateways send again what was not answered, as the agent does. After each
 * restart every accepted alarm has exactly one event and its family exactly one SMS (at most one
 * where the kill cut the SMS off between its claim and the SMSC's socket: the log takes it as sent,
 * docs/notifications.md); at the end every reading is stored exactly once.
 */
class CloudCrashIT {
  private static final int CYCLES = 10;
  private static final int GATEWAYS = 4;
  private static final int BATCHES = 5;
  private static final int PM_DEVICES = 50;
  private static final int READINGS = 500;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final WireCodec codec = new WireCodec();
  private final Map<String, Long> seqs = new ConcurrentHashMap<>();
  private final Set<String> cutOffs = new HashSet<>();

  /** A batch as a gateway sends it: the same id and items every time it is sent. */
  private record Sent(String gateway, String token, Batch batch, String detector, String phone) {}

  @Test
  void killedRightAfterAnAnswerItLosesNoAlarmAndDoublesNone() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Instant from = Instant.now().minus(Duration.ofMinutes(10));
    String admin = "admin-" + UUID.randomUUID();
    try (LocalSmsc smsc = LocalSmsc.start()) {
      Map<String, String> env = notifyingBy(smsc);
      Cloud cloud = Cloud.start(dir, env, admin);
      try {
        List<String> gateways = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (int g = 0; g < GATEWAYS; g++) {
          String gw = cloud.gateway(SystemTestSupport.COMMUNITY, "crash-" + g);
          gateways.add(gw);
          tokens.put(gw, cloud.gatewayToken(gw));
          register(cloud, gw, g);
        }
        Poll.until("the SMPP channel to bind", WAIT, () -> smsc.boundSessions() > 0, cloud::tails);

        List<Sent> everything = new ArrayList<>();
        int interrupted = 0;
        for (int cycle = 0; cycle < CYCLES; cycle++) {
          List<Sent> batches = new ArrayList<>();
          for (int g = 0; g < GATEWAYS; g++) {
            for (int b = 0; b < BATCHES; b++) {
              batches.add(batch(gateways.get(g), tokens.get(gateways.get(g)), g, cycle, b));
            }
          }
          everything.addAll(batches);
          Sent killAfter = batches.get(random.nextInt(batches.size()));
          Set<Sent> answered = postKillingAfter(cloud, batches, killAfter);
          interrupted += batches.size() - answered.size();

          cloud = Cloud.start(dir, env, admin);
          for (Sent s : batches) {
            if (!answered.contains(s)) {
              cloud.ingest(s.token(), codec.encode(s.batch())); // the agent sends it again
            }
          }
          verifyOneEventAndOneSmsEach(cloud, smsc, batches, cycle);
        }

        // at the end, with nothing left to replay: still one of each, and every reading once
        Map<String, Integer> smsPerPhone = smsPerPhone(smsc);
        long cutOffAndGone = 0;
        for (Sent s : everything) {
          int n = smsPerPhone.getOrDefault(s.phone(), 0);
          if (cutOffs.contains(s.phone())) {
            assertThat(n).as("SMS to %s", s.phone()).isLessThanOrEqualTo(1);
            cutOffAndGone += n;
          } else {
            assertThat(n).as("SMS to %s", s.phone()).isEqualTo(1);
          }
        }
        assertReadingsStoredOnce(cloud, everything, from);
        System.out.printf(
            "CloudCrashIT: seed %d, %d SIGKILLs right after a 200, %d batches of %d readings"
                + " (%d unanswered at a kill, sent again), %d alarms with one event each; one"
                + " SMS to each family but %d whose SMS a kill cut off while being sent (%d of"
                + " those reached the SMSC)%n",
            seed,
            CYCLES,
            everything.size(),
            READINGS,
            interrupted,
            everything.size(),
            cutOffs.size(),
            cutOffAndGone);
      } finally {
        cloud.close();
      }
    }
  }

  private static Map<String, String> notifyingBy(LocalSmsc smsc) {
    Map<String, String> env = new HashMap<>();
    env.put("CITYSENSE_NOTIFY_ENABLED", "true");
    env.put("CITYSENSE_NOTIFY_SMPP_HOST", "127.0.0.1");
    env.put("CITYSENSE_NOTIFY_SMPP_PORT", Integer.toString(smsc.port()));
    env.put("CITYSENSE_NOTIFY_SMPP_SYSTEM_ID", "citysense");
    env.put("CITYSENSE_NOTIFY_SMPP_PASSWORD", "secret");
    return env;
  }

  /** The gateway's PM sensors, and a household with a gas detector and one family phone each. */
  private void register(Cloud cloud, String gw, int g) throws Exception {
    StringBuilder yaml = new StringBuilder("devices:\n");
    for (int i = 0; i < PM_DEVICES; i++) {
      yaml.append("  - {id: ")
          .append(pm(g, i))
          .append(", profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, unitId: 1}, unit: ")
          .append(SystemTestSupport.COMMUNITY)
          .append("}\n");
    }
    cloud.importDevices(gw, yaml.toString());
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      for (int b = 0; b < BATCHES; b++) {
        String household = "h-" + g + "-" + cycle + "-" + b;
        cloud.post(
            "/api/v1/households",
            Map.of(
                "id",
                household,
                "unitId",
                SystemTestSupport.COMMUNITY,
                "name",
                "Flat " + household));
        cloud.post(
            "/api/v1/devices",
            Map.of(
                "id",
                detector(g, cycle, b),
                "gatewayId",
                gw,
                "profile",
                "gas-lel-modbus",
                "householdId",
                household));
        cloud.post(
            "/api/v1/households/" + household + "/contacts",
            Map.of(
                "name",
                "Family " + household,
                "phone",
                phone(g, cycle, b),
                "language",
                "en",
                "consent",
                true));
      }
    }
  }

  private static String pm(int g, int i) {
    return "pm-" + g + "-" + i;
  }

  private static String detector(int g, int cycle, int b) {
    return "gas-" + g + "-" + cycle + "-" + b;
  }

  private static String phone(int g, int cycle, int b) {
    return String.format("+861380%d%02d%04d", g, cycle, b);
  }

  /** 499 PM readings and one household's leak: its reading and the gateway's own alarm. */
  private Sent batch(String gw, String token, int g, int cycle, int b) {
    long now = System.currentTimeMillis();
    List<WireReading> readings = new ArrayList<>();
    for (int i = 0; i < READINGS - 1; i++) {
      readings.add(
          new WireReading(
              nextSeq(gw),
              pm(g, i % PM_DEVICES),
              "pm2_5",
              Quantity.PM2_5,
              Value.of(10 + (i % 30)),
              "µg/m³",
              now - (READINGS - i),
              Quality.GOOD));
    }
    String detector = detector(g, cycle, b);
    readings.add(
        new WireReading(
            nextSeq(gw), detector, "gas", Quantity.GAS, Value.of(25.0), "%LEL", now, Quality.GOOD));
    EdgeEvent alarm =
        new EdgeEvent(
            nextSeq(gw), detector, "gas", EdgeEvent.RAISED, Value.of(25.0), ">= 20.0", now, null);
    Batch batch =
        new Batch(
            1,
            gw,
            gw + "-" + cycle + "-" + b,
            now,
            new GatewayClock(true, "ntp", 1),
            readings,
            List.of(),
            List.of(alarm),
            Counters.ZERO);
    return new Sent(gw, token, batch, detector, phone(g, cycle, b));
  }

  private long nextSeq(String gw) {
    return seqs.merge(gw, 1L, Long::sum);
  }

  /**
   * Each gateway posts its batches in order, the four at once; the cloud is killed as soon as
   * {@code killAfter} is answered. Returns the batches answered 200.
   */
  private Set<Sent> postKillingAfter(Cloud cloud, List<Sent> batches, Sent killAfter)
      throws Exception {
    Set<Sent> answered = ConcurrentHashMap.newKeySet();
    AtomicBoolean killed = new AtomicBoolean();
    Map<String, List<Sent>> byGateway = new LinkedHashMap<>();
    for (Sent s : batches) {
      byGateway.computeIfAbsent(s.gateway(), k -> new ArrayList<>()).add(s);
    }
    ExecutorService clients = Executors.newFixedThreadPool(byGateway.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (List<Sent> own : byGateway.values()) {
        done.add(
            clients.submit(
                () -> {
                  for (Sent s : own) {
                    if (killed.get()) {
                      return null;
                    }
                    try {
                      cloud.ingest(s.token(), codec.encode(s.batch()));
                    } catch (IOException | AssertionError gone) {
                      return null; // killed while this one was on its way: sent again later
                    }
                    answered.add(s);
                    if (s.equals(killAfter) && killed.compareAndSet(false, true)) {
                      cloud.kill();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      clients.shutdownNow();
    }
    if (!killed.get()) {
      cloud.kill();
    }
    return answered;
  }

  /**
   * Every alarm of the cycle has exactly one event, and its family exactly one SMS; but for a
   * message the kill cut off between its claim and the SMSC's socket (the log takes it as sent, see
   * docs/notifications.md): that family has at most one, since nobody can tell whether it left.
   */
  private void verifyOneEventAndOneSmsEach(
      Cloud cloud, LocalSmsc smsc, List<Sent> batches, int cycle) throws Exception {
    Poll.until(
        "cycle " + cycle + ": an event for every alarm and an SMS to every family",
        WAIT,
        () -> {
          SystemTestSupport.pause(Duration.ofMillis(500));
          Map<String, Integer> events = gasEvents(cloud);
          if (!batches.stream().allMatch(s -> events.containsKey(s.detector()))) {
            return false;
          }
          Map<String, Integer> sms = smsPerPhone(smsc);
          Set<String> cutOff = cutOffPhones(cloud, batches);
          return batches.stream()
              .allMatch(s -> sms.containsKey(s.phone()) || cutOff.contains(s.phone()));
        },
        cloud::tails);
    SystemTestSupport.pause(Duration.ofSeconds(2)); // a second of either would come by now
    Map<String, Integer> events = gasEvents(cloud);
    Map<String, Integer> sms = smsPerPhone(smsc);
    Set<String> cutOff = cutOffPhones(cloud, batches);
    for (Sent s : batches) {
      assertThat(events.get(s.detector())).as("events for %s", s.detector()).isEqualTo(1);
      if (cutOff.contains(s.phone())) {
        assertThat(sms.getOrDefault(s.phone(), 0))
            .as("SMS to %s", s.phone())
            .isLessThanOrEqualTo(1);
        cutOffs.add(s.phone());
      } else {
        assertThat(sms.get(s.phone())).as("SMS to %s", s.phone()).isEqualTo(1);
      }
    }
    // as an operator would: acknowledged, so no reminder follows while the test goes on
    for (JsonNode e : gasEventNodes(cloud)) {
      if (e.path("status").asText().equals("open")) {
        cloud.act("/api/v1/events/" + e.path("id").asLong() + "/ack", Map.of("note", "seen"));
      }
    }
  }

  /** The families whose alarm a kill cut off while it was being sent. */
  private static Set<String> cutOffPhones(Cloud cloud, List<Sent> batches) {
    Map<String, String> phoneOf = new HashMap<>();
    batches.forEach(s -> phoneOf.put(s.detector(), s.phone()));
    Set<String> phones = new HashSet<>();
    try {
      for (JsonNode e : gasEventNodes(cloud)) {
        String phone = phoneOf.get(e.path("deviceId").asText());
        if (phone == null) {
          continue;
        }
        for (JsonNode row :
            cloud.get("/api/v1/events/" + e.path("id").asLong() + "/notifications")) {
          if (row.path("reason").asText().contains("taken as sent")) {
            phones.add(phone);
          }
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return phones;
  }

  /** The gas-high events by detector: how many each has. */
  private static Map<String, Integer> gasEvents(Cloud cloud) {
    Map<String, Integer> counts = new HashMap<>();
    try {
      for (JsonNode e : gasEventNodes(cloud)) {
        counts.merge(e.path("deviceId").asText(), 1, Integer::sum);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return counts;
  }

  private static List<JsonNode> gasEventNodes(Cloud cloud) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (int offset = 0; ; offset += 500) {
      JsonNode page = cloud.get("/api/v1/events?type=threshold&limit=500&offset=" + offset);
      for (JsonNode e : page.path("items")) {
        if (e.path("ruleId").asText().equals("gas-high")) {
          found.add(e);
        }
      }
      if (offset + 500 >= page.path("total").asLong()) {
        return found;
      }
    }
  }

  /** Messages (not segments) the SMSC took, by destination. */
  private static Map<String, Integer> smsPerPhone(LocalSmsc smsc) {
    Map<String, Integer> counts = new HashMap<>();
    for (LocalSmsc.Submitted s : smsc.submitted()) {
      if (firstSegment(s)) {
        counts.merge(s.address(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** A whole message, or the first segment of a concatenated one (its UDH says 1 of n). */
  private static boolean firstSegment(LocalSmsc.Submitted s) {
    if (!s.udh()) {
      return true;
    }
    byte[] m = s.shortMessage();
    int ie = m[1];
    int seqAt = ie == 0x00 ? 5 : 6; // 8-bit or 16-bit reference
    return m[seqAt] == 1;
  }

  private static void assertReadingsStoredOnce(Cloud cloud, List<Sent> sent, Instant from)
      throws Exception {
    Map<String, Set<Long>> expected = new HashMap<>();
    Set<String> devices = new HashSet<>();
    for (Sent s : sent) {
      for (WireReading r : s.batch().readings()) {
        expected.computeIfAbsent(s.gateway(), k -> new HashSet<>()).add(r.seq());
        devices.add(r.deviceId());
      }
    }
    Map<String, Map<Long, Integer>> stored = new HashMap<>();
    Instant to = Instant.now().plusSeconds(3600);
    for (String device : devices) {
      for (JsonNode r : cloud.readings(device, from, to)) {
        stored
            .computeIfAbsent(r.path("gatewayId").asText(), k -> new HashMap<>())
            .merge(r.path("seq").asLong(), 1, Integer::sum);
      }
    }
    for (Map.Entry<String, Set<Long>> e : expected.entrySet()) {
      Map<Long, Integer> got = stored.getOrDefault(e.getKey(), Map.of());
      assertThat(got.keySet()).as("readings of %s stored", e.getKey()).isEqualTo(e.getValue());
      assertThat(got.values()).as("readings of %s stored once", e.getKey()).containsOnly(1);
    }
  }
}
