package org.citysense.agent.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.NodeValue;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.driver.WriteResult;
import org.citysense.agent.testing.BareMiloServer;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.Threads;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileLoader;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.opcua.OpcUaDeviceServer;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OPC UA driver through PLC4X against real Eclipse Milo servers: the simulator's pump stations
 * and a bare Milo server with only the standard nodes. Limits are generous and nothing is timed:
 * the machine is shared and slow.
 */
class OpcUaDriverIT {
  private static final Duration LIMIT = Duration.ofSeconds(120);
  private static final String PROFILE = "pump-station-opcua";
  private static final DriverSettings SETTINGS =
      new DriverSettings(Duration.ofSeconds(2), 1, Duration.ofMillis(100), 0);

  private final Devices devices = new Devices();
  private final Clock clock = Clock.systemUTC();
  private final Set<Thread> threadsBefore = Threads.snapshot();
  private final Plc4xOpcUa plc4x = new Plc4xOpcUa();
  private final List<AutoCloseable> servers = new ArrayList<>();
  private final DeviceProfile pumps = devices.profile(PROFILE);
  private OpcUaDriver driver;

  @AfterEach
  void closeEverything() throws Exception {
    if (driver != null) {
      driver.close();
    }
    for (AutoCloseable s : servers) {
      s.close();
    }
    // PLC4X's event loop, timer and transaction threads go with each session; no non-daemon
    // thread may stay, or the agent's JVM would not exit
    Poll.until(
        "new non-daemon threads to end",
        LIMIT,
        () -> Threads.newNonDaemon(threadsBefore).isEmpty(),
        () -> "still alive: " + Threads.newNonDaemon(threadsBefore));
  }

  @Test
  void everyPumpStationPointIsReadInOneRequestWithTheServedValue() throws Exception {
    SimDevice ps1 = station("ps-1");
    SimDevice ps2 = station("ps-2");
    ps1.set("level", Value.of(2.5));
    ps1.set("outflow", Value.of(120.5));
    ps1.set("gate_open", Value.of(true));
    ps1.set("cabinet_temperature", Value.of(23.4));
    ps2.set("level", Value.of(0.75));
    OpcUaDeviceServer server = serve(0, ps1, ps2);
    driver = driver(server.endpoint());

    List<PointResult> results = driver.read(instance("ps-1", server), pumps.points());

    assertThat(driver.requests()).isEqualTo(1);
    assertThat(decoded("ps-1", results))
        .containsExactly(
            Map.entry("level", Value.of(2.5)),
            Map.entry("outflow", Value.of(120.5)),
            Map.entry("gate_open", Value.of(true)),
            Map.entry("cabinet_temperature", Value.of(23.4)));
    assertThat(results.get(0).raw()).isEqualTo(new RawValue.Typed(Value.of(2.5)));
    assertThat(results.get(3).raw()).isEqualTo(new RawValue.Typed(Value.of(234)));

    // the second station on the same server shares the session
    List<PointResult> second = driver.read(instance("ps-2", server), List.of(point("level")));
    assertThat(decoded("ps-2", second)).containsExactly(Map.entry("level", Value.of(0.75)));
    assertThat(driver.connects()).isEqualTo(1);
  }

  @Test
  void theGateIsWrittenAndReadBack() throws Exception {
    SimDevice ps1 = station("ps-1");
    ps1.set("gate_open", Value.of(true));
    OpcUaDeviceServer server = serve(0, ps1);
    driver = driver(server.endpoint());
    DeviceInstance device = instance("ps-1", server);
    Point gate = point("gate_open");

    assertThat(driver.write(device, gate, Value.of(false))).isEqualTo(WriteResult.OK);

    assertThat(ps1.writes()).containsExactly("gate_open=false");
    assertThat(decoded("ps-1", driver.read(device, List.of(gate))))
        .containsExactly(Map.entry("gate_open", Value.of(false)));
    assertThat(driver.write(device, gate, Value.of(true))).isEqualTo(WriteResult.OK);
    assertThat(decoded("ps-1", driver.read(device, List.of(gate))))
        .containsExactly(Map.entry("gate_open", Value.of(true)));
  }

  @Test
  void aWriteTheServerRefusesFailsNamingDevicePointAndNode() throws Exception {
    SimDevice ps1 = station("ps-1");
    OpcUaDeviceServer server = serve(0, ps1);
    driver = driver(server.endpoint());
    // the profile says level is writable; the server's variable is read-only
    Point level = variant("level", "    writable: true\n").point("level").orElseThrow();

    WriteResult result = driver.write(instance("ps-1", server), level, Value.of(1.0));

    assertThat(result.ok()).isFalse();
    assertThat(result.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(result.failure().message())
        .contains("point level of device ps-1", "node ns=2;s=ps-1/Level", server.endpoint())
        .contains("access denied");
    assertThat(ps1.writes()).isEmpty();
    // a point the profile does not let the agent write is refused before anything is sent
    assertThatThrownBy(() -> driver.write(instance("ps-1", server), point("level"), Value.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point level is not writable");
  }

  @Test
  void anUnknownNodeFailsNamingItWhileTheOtherPointsAreRead() throws Exception {
    SimDevice ps1 = station("ps-1");
    ps1.set("level", Value.of(1.25));
    OpcUaDeviceServer server = serve(0, ps1);
    driver = driver(server.endpoint());
    DeviceProfile withGhost =
        variant(
            "ghost",
            "",
            "  - name: ghost\n"
                + "    quantity: water_level\n"
                + "    unit: m\n"
                + "    node: \"ns=2;s={deviceId}/Ghost\"\n"
                + "    type: float64\n");
    List<Point> points =
        List.of(withGhost.point("ghost").orElseThrow(), withGhost.point("level").orElseThrow());

    List<PointResult> results = driver.read(instance("ps-1", server), points);

    assertThat(results.get(0).failure())
        .isEqualTo(
            Failure.of(
                Failure.Kind.EXCEPTION,
                "node ns=2;s=ps-1/Ghost on "
                    + server.endpoint()
                    + ": no such node (Bad_NodeIdUnknown)"));
    assertThat(decoded("ps-1", results.subList(1, 2)))
        .containsExactly(Map.entry("level", Value.of(1.25)));
  }

  @Test
  void aDeviceTheServerCannotReachIsSilentAndItsNeighbourStillReads() throws Exception {
    SimDevice ps1 = station("ps-1");
    SimDevice ps2 = station("ps-2");
    ps2.set("level", Value.of(0.5));
    OpcUaDeviceServer server = serve(0, ps1, ps2);
    driver = driver(server.endpoint());
    ps1.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);

    List<PointResult> silent = driver.read(instance("ps-1", server), pumps.points());

    assertThat(silent)
        .allSatisfy(r -> assertThat(r.failure().kind()).isEqualTo(Failure.Kind.TIMEOUT));
    assertThat(silent.get(0).failure().message())
        .isEqualTo(
            "node ns=2;s=ps-1/Level on "
                + server.endpoint()
                + ": Bad_CommunicationError (the server has no answer from the device)");
    assertThat(decoded("ps-2", driver.read(instance("ps-2", server), List.of(point("level")))))
        .containsExactly(Map.entry("level", Value.of(0.5)));

    ps1.clearFaults();
    ps1.inject(FaultType.EXCEPTION, null, null, 0, Duration.ZERO);
    PointResult failed = driver.read(instance("ps-1", server), List.of(point("level"))).get(0);
    assertThat(failed.failure())
        .isEqualTo(
            Failure.of(
                Failure.Kind.EXCEPTION,
                "node ns=2;s=ps-1/Level on " + server.endpoint() + ": Bad_DeviceFailure"));
    assertThat(driver.connects()).isEqualTo(1);
  }

  @Test
  void aBareMiloServersStandardNodesAreReadAndADateIsNoNumber() throws Exception {
    BareMiloServer bare = BareMiloServer.start("/milo");
    servers.add(bare);
    driver = driver(bare.endpoint());

    NodeValue state = driver.readNode("i=2259"); // Server_ServerStatus_State: Running
    NodeValue time = driver.readNode("ns=0;i=2258"); // Server_ServerStatus_CurrentTime

    assertThat(state).isEqualTo(new NodeValue("i=2259", "DINT", typed(0), null));
    assertThat(time.failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(time.failure().message())
        .startsWith("node ns=0;i=2258 on " + bare.endpoint() + " holds a DATE_AND_TIME (");
  }

  @Test
  void aStoppedServerIsDisconnectedWithoutHangingAndReadingResumesWhenItIsBack() throws Exception {
    SimDevice ps1 = station("ps-1");
    ps1.set("level", Value.of(2.0));
    OpcUaDeviceServer server = serve(0, ps1);
    int port = server.port();
    driver = driver(server.endpoint());
    DeviceInstance device = instance("ps-1", server);
    assertThat(driver.read(device, pumps.points())).allMatch(PointResult::isOk);

    server.close();
    List<PointResult> down = readOffThread(device);

    assertThat(down)
        .hasSize(4)
        .allSatisfy(
            r ->
                assertThat(r.failure().kind())
                    .isIn(Failure.Kind.DISCONNECTED, Failure.Kind.TIMEOUT));
    assertThat(down.get(0).failure().message()).contains(server.endpoint());

    ps1.set("level", Value.of(3.0));
    serve(port, ps1);
    Poll.until(
        "reading again after the server came back",
        LIMIT,
        () -> readOffThread(device).stream().allMatch(PointResult::isOk));
    assertThat(decoded("ps-1", driver.read(device, List.of(point("level")))))
        .containsExactly(Map.entry("level", Value.of(3.0)));
    assertThat(driver.connects()).isEqualTo(2);
  }

  @Test
  void aServerThatNeverAnswersIsDisconnectedAfterTheConnectLimit() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException e) {
                  // closed
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String endpoint = "opc.tcp://127.0.0.1:" + silent.getLocalPort() + "/silent";
      driver =
          new OpcUaDriver(
              plc4x,
              new Transport.OpcUa(endpoint),
              new DriverSettings(Duration.ofMillis(500), 0, Duration.ofMillis(100), 0));
      DeviceInstance device = devices.instance("ps-1", PROFILE, new Transport.OpcUa(endpoint));

      List<PointResult> results =
          CompletableFuture.supplyAsync(() -> driver.read(device, pumps.points()))
              .get(LIMIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(results)
          .allSatisfy(r -> assertThat(r.failure().kind()).isEqualTo(Failure.Kind.DISCONNECTED));
      assertThat(results.get(0).failure().message())
          .startsWith("no session with " + endpoint + " within 12 s");
      // the next poll, within the backoff, does not try again, and says the same
      int connections = accepted.size();
      assertThat(driver.read(device, pumps.points()).get(0).failure())
          .isEqualTo(results.get(0).failure());
      assertThat(accepted).hasSize(connections);
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  @Test
  void anEndpointPathPlc4xWouldCutIsRefusedSayingSo() {
    String endpoint = "opc.tcp://127.0.0.1:4840/pump-station.v2";
    driver = driver(endpoint);

    List<PointResult> results =
        driver.read(
            devices.instance("ps-1", PROFILE, new Transport.OpcUa(endpoint)), pumps.points());

    assertThat(results.get(0).failure().kind()).isEqualTo(Failure.Kind.DISCONNECTED);
    assertThat(results.get(0).failure().message())
        .startsWith("PLC4X cannot connect to " + endpoint + ": it cuts an endpoint's path");
  }

  /** Reads every point on another thread, so that a hang fails the test instead of stalling it. */
  private List<PointResult> readOffThread(DeviceInstance device) {
    try {
      return CompletableFuture.supplyAsync(() -> driver.read(device, pumps.points()))
          .get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no results within " + LIMIT, e);
    }
  }

  private SimDevice station(String id) {
    return devices.sim(id, PROFILE, new Transport.OpcUa("opc.tcp://127.0.0.1:4840/pumps"), clock);
  }

  private OpcUaDeviceServer serve(int port, SimDevice... stations) throws Exception {
    OpcUaDeviceServer server =
        new OpcUaDeviceServer("127.0.0.1", port, "/pumps", List.of(stations));
    servers.add(server);
    server.start();
    return server;
  }

  private OpcUaDriver driver(String endpoint) {
    return new OpcUaDriver(plc4x, new Transport.OpcUa(endpoint), SETTINGS);
  }

  private DeviceInstance instance(String id, OpcUaDeviceServer server) {
    return devices.instance(id, PROFILE, new Transport.OpcUa(server.endpoint()));
  }

  private Point point(String name) {
    return pumps.point(name).orElseThrow();
  }

  private static RawValue typed(double v) {
    return new RawValue.Typed(Value.of(v));
  }

  /** Every result's value, by point name, after checking it decoded with GOOD quality. */
  private static List<Map.Entry<String, Value>> decoded(
      String deviceId, List<PointResult> results) {
    List<Map.Entry<String, Value>> values = new ArrayList<>();
    for (PointResult r : results) {
      assertThat(r.failure()).as(r.point().name()).isNull();
      Reading reading = Decoder.decode(deviceId, r.point(), r.raw(), Instant.now()).reading();
      assertThat(reading.quality()).as(r.point().name()).isEqualTo(Quality.GOOD);
      values.add(Map.entry(r.point().name(), reading.value()));
    }
    return values;
  }

  /**
   * The bundled profile with {@code extra} added under point {@code name} (or, when {@code
   * newPoint} is given, that point added first).
   */
  private static DeviceProfile variant(String name, String extra, String... newPoint)
      throws IOException {
    String yaml;
    try (InputStream in =
        OpcUaDriverIT.class.getResourceAsStream("/profiles/" + PROFILE + ".yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (newPoint.length > 0) {
      yaml = yaml.replace("points:\n", "points:\n" + newPoint[0]);
    } else {
      yaml = yaml.replace("  - name: " + name + "\n", "  - name: " + name + "\n" + extra);
    }
    return new ProfileLoader().parse("pump-station-variant.yaml", yaml).profile();
  }
}
