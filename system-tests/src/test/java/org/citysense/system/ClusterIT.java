package org.citysense.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.citysense.cloud.pipeline.kafka.Partitions;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.HttpRelay;
import org.citysense.testsupport.InfluxServer;
import org.citysense.testsupport.KafkaServer;
import org.citysense.testsupport.MosquittoServer;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.PostgresServer;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cloud-ingest as a cluster of three processes on Kafka, PostgreSQL and InfluxDB, notifying through
 * an SMSC, with a community like the demo's: six PM2.5 stations about a kilometre apart on gateways
 * of different partitions (one reads 45 % above the others), and on each gateway four households
 * with a gas detector and a water meter and a family phone. The gateways post a batch every two
 * seconds through a relay that spreads the batches over the nodes; the households' gas leaks start
 * one after another over the run. One node is killed with SIGKILL mid-run and started again later;
 * another is stopped cleanly; one more gateway goes silent just before the kill.
 *
 * <p>Then: every accepted reading is stored exactly once; every leak has exactly one event and its
 * family exactly one SMS; the neighbour rule reports the station above its neighbours and nothing
 * else; no device or gateway that kept reporting is reported offline; the silent gateway is. It
 * prints the alarms' latency (the leak's first reading sent → its SMS at the SMSC) in steady state
 * and during the failover, and the seconds from the kill until every partition is judged again.
 */
class ClusterIT {
  private static final int NODES = 3;
  private static final int PARTITIONS = 12;
  private static final int STATIONS = 6;
  private static final int HOUSEHOLDS = 4;
  private static final Duration EVERY = Duration.ofSeconds(2);
  private static final Duration RUN = Duration.ofSeconds(100);
  private static final Duration KILL_AT = Duration.ofSeconds(30);
  private static final Duration SILENT_AT = Duration.ofSeconds(26);
  private static final Duration RESTART_AT = Duration.ofSeconds(55);
  private static final Duration STOP_AT = Duration.ofSeconds(70);
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  private final WireCodec codec = new WireCodec();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, Long> seqs = new ConcurrentHashMap<>();

  /** Every batch answered 200, by gateway: the readings that must be stored once each. */
  private final Map<String, Set<Long>> accepted = new ConcurrentHashMap<>();

  /** When each detector's leak was first sent, and when its family's SMS reached the SMSC. */
  private final Map<String, Instant> leakSent = new ConcurrentHashMap<>();

  private final Map<String, List<Instant>> smsAt = new ConcurrentHashMap<>();

  private record Gateway(String id, String token, String station, List<String> households) {}

  @Test
  void nodesDieAndLeaveWithoutALostOrDoubledAlarm() throws Exception {
    String admin = "admin-" + UUID.randomUUID();
    try (PostgresServer postgres = new PostgresServer();
        InfluxServer influx = new InfluxServer(Files.createDirectories(dir.resolve("influx")));
        MosquittoServer broker =
            new MosquittoServer(Files.createDirectories(dir.resolve("mosquitto")));
        KafkaServer kafka = new KafkaServer(KafkaServer.LIB, dir.resolve("kafka"), 1);
        LocalSmsc smsc = LocalSmsc.start();
        HttpRelay relay = new HttpRelay()) {
      influx.start();
      broker.start();
      kafka.start();
      smsc.onSubmit(
          s ->
              smsAt
                  .computeIfAbsent(
                      s.address(), a -> Collections.synchronizedList(new ArrayList<>()))
                  .add(Instant.now()));
      Map<String, String> env = new HashMap<>();
      env.put("QUARKUS_PROFILE", "prod,postgresql,influxdb");
      env.put("QUARKUS_DATASOURCE_PG_JDBC_URL", postgres.emptyDatabase("citysense"));
      env.put("QUARKUS_DATASOURCE_PG_USERNAME", "postgres");
      env.put("CITYSENSE_INFLUXDB_URL", influx.url());
      env.put("CITYSENSE_INFLUXDB_DATABASE", "citysense");
      env.put("CITYSENSE_MQTT_ENABLED", "true");
      env.put("CITYSENSE_MQTT_PORT", Integer.toString(broker.port()));
      env.put("CITYSENSE_MQTT_BATCH_TOPIC", "$share/citysense/citysense/gateways/+/batches");
      env.put("CITYSENSE_HANDOFF", "kafka");
      env.put("CITYSENSE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      env.put("CITYSENSE_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
      env.put("CITYSENSE_RULES_TICK", "1s");
      env.put("CITYSENSE_NOTIFY_ENABLED", "true");
      env.put("CITYSENSE_NOTIFY_SMPP_HOST", "127.0.0.1");
      env.put("CITYSENSE_NOTIFY_SMPP_PORT", Integer.toString(smsc.port()));
      env.put("CITYSENSE_NOTIFY_SMPP_SYSTEM_ID", "citysense");
      env.put("CITYSENSE_NOTIFY_SMPP_PASSWORD", "secret");
      env.put("CLOUD_INGEST_JAVA_OPTS", "-Xmx384m");

      Cloud[] nodes = new Cloud[NODES];
      try {
        for (int i = 0; i < NODES; i++) {
          nodes[i] = startNode(i, env, admin);
        }
        Cloud api = nodes[0];
        List<Gateway> gateways = community(api);
        Gateway silent = gateways.get(gateways.size() - 1);
        relay.upstreams(urls(nodes));
        Poll.until(
            "every partition judged by one of the nodes",
            WAIT,
            () -> judged(nodes).size() == PARTITIONS,
            () -> judged(nodes).toString());

        // node 0's live stream: every event, whichever node's rules raised it
        List<String> streamed = new CopyOnWriteArrayList<>();
        var stream = openStream(api, admin, streamed);

        Instant start = Instant.now();
        Map<String, Instant> leakAt = leakSchedule(gateways, start);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(gateways.size());
        List<Future<?>> running = new ArrayList<>();
        for (Gateway g : gateways) {
          // the others go on until the end: a gateway that stopped would rightly be offline
          Instant until = g == silent ? start.plus(SILENT_AT) : start.plus(Duration.ofHours(1));
          running.add(senders.submit(() -> send(relay, g, leakAt, until, stop)));
        }

        sleepUntil(start.plus(KILL_AT));
        Instant killedAt = Instant.now();
        nodes[1].kill();
        relay.upstreams(urls(nodes[0], nodes[2]));
        Instant rejudged = awaitAllPartitions(nodes[0], nodes[2]);
        double failoverSeconds = Duration.between(killedAt, rejudged).toMillis() / 1000.0;

        sleepUntil(start.plus(RESTART_AT));
        nodes[1] = startNode(1, env, admin);
        relay.upstreams(urls(nodes));

        sleepUntil(start.plus(STOP_AT));
        Instant stoppedAt = Instant.now();
        relay.upstreams(urls(nodes[0], nodes[1]));
        nodes[2].close(); // SIGTERM: it hands its partitions over and leaves
        nodes[2] = null;
        Instant rejudgedAfterStop = awaitAllPartitions(nodes[0], nodes[1]);
        double handOverSeconds = Duration.between(stoppedAt, rejudgedAfterStop).toMillis() / 1000.0;

        sleepUntil(start.plus(RUN));
        List<String> detectors = new ArrayList<>(leakAt.keySet());
        Poll.until(
            "an event for every leak, an SMS to every family, the silent gateway reported",
            WAIT,
            () -> {
              SystemTestSupport.pause(Duration.ofMillis(500));
              Map<String, Integer> events = gasEvents(api);
              return detectors.stream().allMatch(events::containsKey)
                  && detectors.stream().allMatch(d -> smsAt.containsKey(phoneOf(d)))
                  && offlineSubjects(api).contains(silent.id());
            },
            () -> missing(api, detectors, silent) + offlineRule(nodes) + keepLogs());
        SystemTestSupport.pause(Duration.ofSeconds(3)); // a second of either would be here by now

        Map<String, Integer> events = gasEvents(api);
        for (String d : detectors) {
          assertThat(events.get(d)).as("events for %s", d).isEqualTo(1);
          assertThat(smsAt.get(phoneOf(d))).as("SMS to the family of %s", d).hasSize(1);
        }
        assertThat(streamedGasEvents(streamed))
            .as("node 0's event stream: the events raised on every node")
            .containsAll(detectors);
        stream.cancel(true);
        assertThat(neighbourStations(api))
            .as("the neighbour rule: the station above its neighbours, nothing else")
            .containsExactly(gateways.get(0).station());
        Set<String> offline = offlineSubjects(api);
        for (String detector : detectors) {
          if (!detector.startsWith(silent.id())) {
            assertThat(offline).as("offline events").doesNotContain(detector);
          }
        }
        for (Gateway g : gateways) {
          if (g != silent) {
            assertThat(offline).as("offline events").doesNotContain(g.id());
          }
        }
        assertThat(offline).as("the gateway that went silent").contains(silent.id());
        stop.set(true);
        for (Future<?> f : running) {
          f.get(5, TimeUnit.MINUTES);
        }
        senders.shutdown();
        assertReadingsStoredOnce(api, start.minusSeconds(60));

        List<Double> steady = new ArrayList<>();
        List<Double> failover = new ArrayList<>();
        for (String d : detectors) {
          Instant sent = leakSent.get(d);
          double seconds = Duration.between(sent, smsAt.get(phoneOf(d)).get(0)).toMillis() / 1000.0;
          boolean duringFailover =
              within(sent, killedAt, rejudged.plusSeconds(2))
                  || within(sent, stoppedAt, rejudgedAfterStop.plusSeconds(2));
          (duringFailover ? failover : steady).add(seconds);
        }
        System.out.printf(
            "ClusterIT: %d nodes, %d partitions; %d gateways, %d leaks; batches answered per node"
                + " %s; SIGKILL → every partition judged again in %.1f s, clean stop → %.1f s;"
                + " leak → SMS: steady p50 %.2f s p99 %.2f s (%d), in a failover p50 %.2f s p99"
                + " %.2f s (%d)%n",
            NODES,
            PARTITIONS,
            gateways.size(),
            detectors.size(),
            relay.answered().values(),
            failoverSeconds,
            handOverSeconds,
            percentile(steady, 50),
            percentile(steady, 99),
            steady.size(),
            percentile(failover, 50),
            percentile(failover, 99),
            failover.size());
      } finally {
        for (Cloud node : nodes) {
          if (node != null) {
            node.close();
          }
        }
      }
    }
  }

  /** Follows {@code node}'s live event stream, each line into {@code lines}. */
  private CompletableFuture<Void> openStream(Cloud node, String token, List<String> lines)
      throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/events/stream"))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build();
    var stream =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .thenAccept(response -> response.body().forEach(lines::add));
    Poll.until("node 0's event stream to open", WAIT, () -> !lines.isEmpty());
    return stream;
  }

  /** The detectors whose gas-high event the stream said was raised. */
  private static Set<String> streamedGasEvents(List<String> lines) {
    Set<String> detectors = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    String kind = null;
    for (String line : lines) {
      if (line.startsWith("event:")) {
        kind = line.substring("event:".length());
      } else if (line.startsWith("data:") && "raised".equals(kind)) {
        try {
          JsonNode e = json.readTree(line.substring("data:".length()));
          if (e.path("ruleId").asText().equals("gas-high")) {
            detectors.add(e.path("deviceId").asText());
          }
        } catch (IOException e) {
          throw new AssertionError("not an event on the stream: " + line, e);
        }
      }
    }
    return detectors;
  }

  /** What the final wait still misses, for its failure message. */
  private String missing(Cloud api, List<String> detectors, Gateway silent) {
    Map<String, Integer> events = gasEvents(api);
    List<String> noEvent = detectors.stream().filter(d -> !events.containsKey(d)).toList();
    List<String> noSms = detectors.stream().filter(d -> !smsAt.containsKey(phoneOf(d))).toList();
    return "leaks without an event: "
        + noEvent
        + "\nleaks without an SMS: "
        + noSms
        + "\nsilent gateway reported: "
        + offlineSubjects(api).contains(silent.id());
  }

  /** What each node's offline rule says of itself: its counts and latest notes. */
  private static String offlineRule(Cloud... nodes) {
    StringBuilder out = new StringBuilder();
    for (Cloud c : nodes) {
      if (c == null) {
        continue;
      }
      try {
        for (JsonNode rule : c.get("/api/v1/rules/status")) {
          if (rule.path("ruleId").asText().equals("offline")) {
            out.append("\n").append(c.baseUrl()).append(" offline rule: ").append(rule);
          }
        }
      } catch (Exception | AssertionError e) {
        out.append("\n").append(c.baseUrl()).append(": ").append(e.getMessage());
      }
    }
    return out.toString();
  }

  /** Copies the nodes' logs out of the temporary folder, which JUnit deletes. */
  private String keepLogs() {
    Path kept = Path.of("target", "cluster-it-logs");
    try {
      for (int i = 0; i < NODES; i++) {
        Path logs = dir.resolve("node-" + i).resolve("logs");
        Path to = Files.createDirectories(kept.resolve("node-" + i));
        if (Files.isDirectory(logs)) {
          try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
              Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
      return "\nthe nodes' logs: " + kept.toAbsolutePath();
    } catch (IOException e) {
      return "\nthe nodes' logs could not be kept: " + e;
    }
  }

  private Cloud startNode(int i, Map<String, String> env, String admin) throws Exception {
    Path home = Files.createDirectories(dir.resolve("node-" + i));
    Path rules = Files.createDirectories(Cloud.dataDir(home)).resolve("rules.yaml");
    Files.writeString(rules, rules());
    Map<String, String> mine = new HashMap<>(env);
    mine.put("CITYSENSE_NODE", "node-" + i);
    return Cloud.start(home, mine, admin);
  }

  /** The default rules, with the offline rule's silence made short enough for a test. */
  private static String rules() throws IOException {
    String defaults =
        Files.readString(Path.of("../cloud-ingest/src/main/resources/rules/default-rules.yaml"));
    String shorter =
        defaults.replace(
            "minSeconds: 300\n    gatewaySeconds: 600", "minSeconds: 60\n    gatewaySeconds: 30");
    if (shorter.equals(defaults)) {
      throw new IllegalStateException("the default rules' offline rule changed: adapt the test");
    }
    return shorter;
  }

  /**
   * The stations (on gateways of different partitions), the households, their devices and phones,
   * and a gateway more with one household, which goes silent.
   */
  private List<Gateway> community(Cloud api) throws Exception {
    List<Gateway> gateways = new ArrayList<>();
    Set<Integer> partitions = new HashSet<>();
    for (int n = 0; gateways.size() < STATIONS; n++) {
      String gw = api.gateway(SystemTestSupport.COMMUNITY, "gateway " + n);
      if (!partitions.add(Partitions.of(gw, PARTITIONS))) {
        continue; // one station per partition: the neighbours are judged elsewhere
      }
      gateways.add(register(api, gw, gateways.size(), true));
    }
    String silent = api.gateway(SystemTestSupport.COMMUNITY, "the silent one");
    gateways.add(register(api, silent, gateways.size(), false));
    return gateways;
  }

  private Gateway register(Cloud api, String gw, int index, boolean withStation) throws Exception {
    String station = null;
    StringBuilder yaml = new StringBuilder("devices:\n");
    if (withStation) {
      station = "st-" + index;
      api.post(
          "/api/v1/stations",
          Map.of(
              "id",
              station,
              "unitId",
              SystemTestSupport.COMMUNITY,
              "name",
              "Station " + index,
              "lat",
              31.20 + 0.01 * index,
              "lon",
              121.47));
      yaml.append("  - {id: ")
          .append(pm(gw))
          .append(", profile: pm25-rs485, modbus-tcp: {host: 127.0.0.1, unitId: 1}, station: ")
          .append(station)
          .append("}\n");
      api.importDevices(gw, yaml.toString());
    }
    List<String> households = new ArrayList<>();
    for (int h = 0; h < HOUSEHOLDS; h++) {
      String household = "h-" + gw + "-" + h;
      households.add(household);
      api.post(
          "/api/v1/households",
          Map.of("id", household, "unitId", SystemTestSupport.COMMUNITY, "name", "Flat " + h));
      api.post(
          "/api/v1/devices",
          Map.of(
              "id",
              detector(gw, h),
              "gatewayId",
              gw,
              "profile",
              "gas-lel-modbus",
              "householdId",
              household));
      api.post(
          "/api/v1/devices",
          Map.of(
              "id",
              meter(gw, h),
              "gatewayId",
              gw,
              "profile",
              "water-meter-modbus",
              "householdId",
              household));
      api.post(
          "/api/v1/households/" + household + "/contacts",
          Map.of(
              "name",
              "Family " + household,
              "phone",
              phoneOf(detector(gw, h)),
              "language",
              "en",
              "consent",
              true));
    }
    return new Gateway(gw, api.gatewayToken(gw), station, households);
  }

  private static String pm(String gw) {
    return "pm-" + gw;
  }

  private static String detector(String gw, int h) {
    return gw + "-gas-" + h;
  }

  private static String meter(String gw, int h) {
    return gw + "-water-" + h;
  }

  private final Map<String, String> phones = new ConcurrentHashMap<>();

  private String phoneOf(String detector) {
    return phones.computeIfAbsent(detector, d -> String.format("+8613900%06d", phones.size() + 1));
  }

  /**
   * When each household's leak starts: spread over the run, so that leaks start in steady state, in
   * the failover after the kill, and around the clean stop. The silent gateway's start before it
   * goes silent.
   */
  private static Map<String, Instant> leakSchedule(List<Gateway> gateways, Instant start) {
    Map<String, Instant> at = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (int h = 0; h < HOUSEHOLDS; h++) {
      for (Gateway g : gateways) {
        all.add(detector(g.id(), h));
      }
    }
    Gateway silent = gateways.get(gateways.size() - 1);
    long span = RUN.minusSeconds(15).toMillis();
    for (int i = 0; i < all.size(); i++) {
      String d = all.get(i);
      long offset = 5_000 + span * i / all.size();
      if (d.startsWith(silent.id())) {
        offset = Math.min(offset, SILENT_AT.toMillis() - 6_000);
      }
      at.put(d, start.plusMillis(offset));
    }
    return at;
  }

  /** One gateway's agent: a batch every two seconds until {@code until}, each sent until 200. */
  private Void send(
      HttpRelay relay, Gateway g, Map<String, Instant> leakAt, Instant until, AtomicBoolean stop)
      throws Exception {
    double[] volume = new double[HOUSEHOLDS];
    int n = 0;
    while (Instant.now().isBefore(until) && !stop.get()) {
      Instant now = Instant.now();
      long t = now.toEpochMilli();
      List<WireReading> readings = new ArrayList<>();
      if (g.station() != null) {
        // the first station reads 45 % above the others
        double pm = g.station().equals("st-0") ? 58 : 40 + (n % 3) - 1;
        readings.add(reading(g.id(), pm(g.id()), "pm2_5", Quantity.PM2_5, pm, t));
      }
      for (int h = 0; h < HOUSEHOLDS; h++) {
        String d = detector(g.id(), h);
        boolean leaking = !now.isBefore(leakAt.get(d));
        if (leaking) {
          leakSent.putIfAbsent(d, now);
        }
        readings.add(reading(g.id(), d, "gas", Quantity.GAS, leaking ? 30 : 1 + (n % 2), t));
        volume[h] += 0.001;
        readings.add(
            reading(g.id(), meter(g.id(), h), "volume", Quantity.WATER_VOLUME, 100 + volume[h], t));
      }
      Batch batch =
          new Batch(
              1,
              g.id(),
              g.id() + "-" + n,
              t,
              new GatewayClock(true, "ntp", 1),
              readings,
              List.of(),
              List.of(),
              Counters.ZERO);
      post(relay, g, batch);
      accepted
          .computeIfAbsent(g.id(), k -> ConcurrentHashMap.newKeySet())
          .addAll(readings.stream().map(WireReading::seq).toList());
      n++;
      Thread.sleep(Math.max(0, EVERY.toMillis() - (System.currentTimeMillis() - t)));
    }
    return null;
  }

  private WireReading reading(
      String gw, String device, String point, Quantity q, double value, long t) {
    return new WireReading(
        seqs.merge(gw, 1L, Long::sum),
        device,
        point,
        q,
        Value.of(value),
        q.canonicalUnit().symbol(),
        t,
        Quality.GOOD);
  }

  /** As the agent does: the same batch again until the cloud answers 200. */
  private void post(HttpRelay relay, Gateway g, Batch batch) throws Exception {
    byte[] body = codec.encode(batch);
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(URI.create(relay.baseUrl() + "/api/v1/ingest"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + g.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          return;
        }
        if (attempt > 200) {
          throw new AssertionError(
              "batch "
                  + batch.batchId()
                  + " refused: "
                  + r.statusCode()
                  + " "
                  + new String(r.body()));
        }
      } catch (IOException e) {
        // the relay itself is always there; a node behind it went away mid-answer
      }
      Thread.sleep(300);
    }
  }

  private static List<URI> urls(Cloud... nodes) {
    List<URI> urls = new ArrayList<>();
    for (Cloud c : nodes) {
      if (c != null) {
        urls.add(URI.create(c.baseUrl()));
      }
    }
    return urls;
  }

  /** The partitions the nodes' health says they judge. */
  private static Set<Integer> judged(Cloud... nodes) {
    Set<Integer> all = new HashSet<>();
    for (Cloud c : nodes) {
      if (c == null) {
        continue;
      }
      try {
        for (JsonNode check : c.get("/q/health/live").path("checks")) {
          String p = check.path("data").path("partitions").asText("");
          for (String part : p.split(",")) {
            if (!part.isBlank()) {
              all.add(Integer.parseInt(part));
            }
          }
        }
      } catch (Exception | AssertionError e) {
        // a node on its way down
      }
    }
    return all;
  }

  private static Instant awaitAllPartitions(Cloud... nodes) throws InterruptedException {
    Poll.until(
        "the remaining nodes judge every partition",
        WAIT,
        () -> judged(nodes).size() == PARTITIONS,
        () -> judged(nodes).toString());
    return Instant.now();
  }

  /** The gas-high events by detector: how many each has. */
  private static Map<String, Integer> gasEvents(Cloud api) {
    Map<String, Integer> counts = new HashMap<>();
    for (JsonNode e : events(api, "gas-high")) {
      counts.merge(e.path("deviceId").asText(), 1, Integer::sum);
    }
    return counts;
  }

  private static List<String> neighbourStations(Cloud api) {
    List<String> stations = new ArrayList<>();
    for (JsonNode e : events(api, "pm25-above-neighbours")) {
      stations.add(e.path("stationId").asText());
    }
    return stations;
  }

  /** The subjects (devices and gateways) with an offline event. */
  private static Set<String> offlineSubjects(Cloud api) {
    Set<String> subjects = new HashSet<>();
    for (JsonNode e : events(api, "offline")) {
      // "device:<id>" or "gateway:<id>"
      String subject = e.path("subject").asText();
      subjects.add(subject.substring(subject.indexOf(':') + 1));
    }
    return subjects;
  }

  private static List<JsonNode> events(Cloud api, String ruleId) {
    List<JsonNode> found = new ArrayList<>();
    try {
      for (int offset = 0; ; offset += 500) {
        JsonNode page = api.get("/api/v1/events?limit=500&offset=" + offset);
        for (JsonNode e : page.path("items")) {
          if (e.path("ruleId").asText().equals(ruleId)) {
            found.add(e);
          }
        }
        if (offset + 500 >= page.path("total").asLong()) {
          return found;
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void assertReadingsStoredOnce(Cloud api, Instant from) throws Exception {
    Map<String, Map<Long, Integer>> stored = new HashMap<>();
    Set<String> devices = new HashSet<>();
    for (String gw : accepted.keySet()) {
      for (int h = 0; h < HOUSEHOLDS; h++) {
        devices.add(detector(gw, h));
        devices.add(meter(gw, h));
      }
      devices.add(pm(gw));
    }
    Instant to = Instant.now().plusSeconds(3600);
    for (String device : devices) {
      for (JsonNode r : api.readings(device, from, to)) {
        stored
            .computeIfAbsent(r.path("gatewayId").asText(), k -> new HashMap<>())
            .merge(r.path("seq").asLong(), 1, Integer::sum);
      }
    }
    for (Map.Entry<String, Set<Long>> e : accepted.entrySet()) {
      Map<Long, Integer> got = stored.getOrDefault(e.getKey(), Map.of());
      assertThat(got.keySet()).as("readings of %s stored", e.getKey()).containsAll(e.getValue());
      assertThat(got.values()).as("readings of %s stored once", e.getKey()).containsOnly(1);
    }
  }

  private static boolean within(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  private static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }
}
