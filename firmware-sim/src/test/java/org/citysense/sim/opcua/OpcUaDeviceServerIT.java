package org.citysense.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.citysense.sim.testing.Threads;
import org.citysense.testsupport.Poll;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OPC UA server read, written and browsed by a client over TCP, as the agent does. */
class OpcUaDeviceServerIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String PATH = "/pumps";

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private OpcUaDeviceServer server;

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void everyPointOfThePumpStationReadsWithItsTypeAndTheSnapshotsValue() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("level", Value.of(2.345)); // m
    pump.set("outflow", Value.of(123.5)); // m³/h
    pump.set("gate_open", Value.of(true));
    pump.set("cabinet_temperature", Value.of(31.4)); // °C, served in tenths
    UaClient client = session(start(pump));

    assertThat(read(client, "pump-1/Level")).isEqualTo(new Variant(2.345));
    assertThat(read(client, "pump-1/Outflow")).isEqualTo(new Variant(123.5f));
    assertThat(read(client, "pump-1/GateOpen")).isEqualTo(new Variant(true));
    assertThat(read(client, "pump-1/CabinetTemp")).isEqualTo(new Variant((short) 314));
    Map<String, NodeId> types =
        Map.of(
            "Level", Identifiers.Double,
            "Outflow", Identifiers.Float,
            "GateOpen", Identifiers.Boolean,
            "CabinetTemp", Identifiers.Int16);
    types.forEach(
        (name, type) ->
            assertThat(attribute(client, "pump-1/" + name, AttributeId.DataType))
                .as(name)
                .isEqualTo(type));
    // whatever the scenario makes of a point, the node serves what the profile encodes
    pump.clear("level");
    pump.clear("cabinet_temperature");
    for (Point point : pump.profile().points()) {
      Source.OpcUa source = (Source.OpcUa) point.source();
      Value typed = Encoder.typed(point, pump.snapshot().values().get(point.name()));
      Object served = client.read(NodeId.parse(source.nodeFor("pump-1"))).getValue().getValue();
      if (typed instanceof Value.Bool) {
        assertThat(served).as(point.name()).isEqualTo(typed.asBoolean());
      } else {
        double expected =
            source.type() == DataType.FLOAT32 ? (float) typed.asDouble() : typed.asDouble();
        assertThat(((Number) served).doubleValue()).as(point.name()).isEqualTo(expected);
      }
    }
  }

  @Test
  void aWriteToTheGateChangesWhatIsServedAndIsRecorded() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("gate_open", Value.of(true));
    UaClient client = session(start(pump));

    assertThat(client.write(node("pump-1/GateOpen"), new Variant(false)))
        .isEqualTo(StatusCode.GOOD);

    assertThat(read(client, "pump-1/GateOpen")).isEqualTo(new Variant(false));
    assertThat(pump.writes()).containsExactly("gate_open=false");
    assertThat(pump.snapshot().values().get("gate_open")).isEqualTo(Value.of(false));
  }

  @Test
  void readOnlyPointsAndWrongTypesAreRefused() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("level", Value.of(1.5));
    UaClient client = session(start(pump));

    assertThat(client.write(node("pump-1/Level"), new Variant(3.0)).getValue())
        .isEqualTo(StatusCodes.Bad_NotWritable);
    assertThat(client.write(node("pump-1/GateOpen"), new Variant(1)).getValue())
        .isEqualTo(StatusCodes.Bad_TypeMismatch);

    assertThat(read(client, "pump-1/Level")).isEqualTo(new Variant(1.5));
    assertThat(pump.writes()).isEmpty();
    assertThat(accessLevel(client, "pump-1/Level"))
        .isEqualTo(AccessLevel.toValue(AccessLevel.READ_ONLY));
    assertThat(accessLevel(client, "pump-1/GateOpen"))
        .isEqualTo(AccessLevel.toValue(AccessLevel.READ_WRITE));
  }

  @Test
  void twoDevicesOnOneServerHaveSeparateFoldersAndNodes() throws Exception {
    SimDevice one = pump("pump-1");
    SimDevice two = pump("pump-2");
    one.set("level", Value.of(1.0));
    two.set("level", Value.of(2.0));
    UaClient client = session(start(one, two));

    assertThat(browseNames(client, Identifiers.ObjectsFolder)).contains("pump-1", "pump-2");
    assertThat(browseNames(client, node("pump-1")))
        .containsExactlyInAnyOrder("Level", "Outflow", "GateOpen", "CabinetTemp");
    assertThat(browseNames(client, node("pump-2")))
        .containsExactlyInAnyOrder("Level", "Outflow", "GateOpen", "CabinetTemp");
    assertThat(read(client, "pump-1/Level")).isEqualTo(new Variant(1.0));
    assertThat(read(client, "pump-2/Level")).isEqualTo(new Variant(2.0));

    client.write(node("pump-2/GateOpen"), new Variant(false));
    assertThat(two.writes()).containsExactly("gate_open=false");
    assertThat(one.writes()).isEmpty();
  }

  @Test
  void theEndpointAdvertisesTheBindHostAndPortWithSecurityNone() throws Exception {
    OpcUaDeviceServer server = start(pump("pump-1"));
    assertThat(server.endpoint()).isEqualTo("opc.tcp://127.0.0.1:" + server.port() + PATH);
    assertThat(server.port()).isPositive();
    assertThat(server.describe())
        .isEqualTo("opcua " + server.endpoint() + " devices pump-1 (4 nodes)");

    UaClient client = UaClient.channel(server.endpoint(), "127.0.0.1", server.port());
    toClose.add(client);
    List<EndpointDescription> endpoints = client.endpoints();

    assertThat(endpoints).isNotEmpty();
    for (EndpointDescription e : endpoints) {
      assertThat(e.getEndpointUrl()).isEqualTo(server.endpoint());
      assertThat(e.getSecurityMode()).isEqualTo(MessageSecurityMode.None);
    }
  }

  @Test
  void aSilentOrFailingDeviceAnswersBadStatusUntilTheFaultIsCleared() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("level", Value.of(1.5));
    UaClient client = session(start(pump));

    pump.inject(FaultType.NO_RESPONSE, null, null, 0, null);
    assertThat(client.read(node("pump-1/Level")).getStatusCode().getValue())
        .isEqualTo(StatusCodes.Bad_CommunicationError);
    assertThat(client.write(node("pump-1/GateOpen"), new Variant(false)).getValue())
        .isEqualTo(StatusCodes.Bad_CommunicationError);
    pump.clearFaults();

    pump.inject(FaultType.EXCEPTION, null, null, 6, null);
    assertThat(client.read(node("pump-1/Level")).getStatusCode().getValue())
        .isEqualTo(StatusCodes.Bad_DeviceFailure);
    pump.clearFaults();

    assertThat(read(client, "pump-1/Level")).isEqualTo(new Variant(1.5));
    assertThat(pump.writes()).isEmpty();
  }

  @Test
  void garbageServesAbsurdValuesOfTheRightType() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("gate_open", Value.of(true));
    UaClient client = session(start(pump));

    pump.inject(FaultType.GARBAGE, null, null, 0, null);

    assertThat(read(client, "pump-1/Level")).isEqualTo(new Variant(99999.0)); // m, range 0..10
    assertThat(read(client, "pump-1/Outflow")).isEqualTo(new Variant(99999f)); // m³/h, 0..2000
    // 99999 °C is past an Int16: the node saturates at 3276.7 °C, still far out of range
    assertThat(read(client, "pump-1/CabinetTemp")).isEqualTo(new Variant(Short.MAX_VALUE));
    assertThat(read(client, "pump-1/GateOpen")).isEqualTo(new Variant(true));
  }

  @Test
  void aSlowDeviceAnswersNoEarlierThanItsDelay() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("level", Value.of(1.5));
    UaClient client = session(start(pump));
    pump.inject(FaultType.SLOW, null, null, 0, Duration.ofMillis(300));

    long start = System.nanoTime();
    Variant level = read(client, "pump-1/Level");

    assertThat(level).isEqualTo(new Variant(1.5));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aSubscriberIsNotifiedOfTheValueAndOfAChange() throws Exception {
    SimDevice pump = pump("pump-1");
    pump.set("level", Value.of(1.5));
    UaClient client = session(start(pump));

    client.subscribe(node("pump-1/Level"));
    List<Variant> seen = new ArrayList<>();
    for (int i = 0; i < 50 && !seen.contains(new Variant(1.5)); i++) {
      client.publish().forEach(v -> seen.add(v.getValue()));
    }
    pump.set("level", Value.of(2.5));
    for (int i = 0; i < 50 && !seen.contains(new Variant(2.5)); i++) {
      client.publish().forEach(v -> seen.add(v.getValue()));
    }

    assertThat(seen).containsSubsequence(new Variant(1.5), new Variant(2.5));
  }

  @Test
  void closeEndsItsThreadsLeavesNoNonDaemonThreadAndFreesThePort() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    OpcUaDeviceServer server = new OpcUaDeviceServer("127.0.0.1", 0, PATH, List.of(pump("p")));
    server.start();
    UaClient client = UaClient.session(server.endpoint(), "127.0.0.1", server.port());
    client.read(node("p/Level"));
    assertThat(Threads.named("opcua-sim-")).isNotEmpty();

    server.close(); // with the client still connected

    try (ServerSocket again = new ServerSocket()) {
      again.bind(new InetSocketAddress("127.0.0.1", server.port()));
    }
    assertThatThrownBy(() -> client.read(node("p/Level"))).isInstanceOf(IOException.class);
    try {
      client.close();
    } catch (IOException expected) {
      // the server is gone
    }
    Poll.until(
        "the server's own threads to end",
        LIMIT,
        () -> Threads.named("opcua-sim-").isEmpty(),
        () -> "still alive: " + Threads.named("opcua-sim-"));
    Poll.until(
        "no non-daemon thread beyond those before the server",
        LIMIT,
        () -> newNonDaemonThreads(before).isEmpty(),
        () -> "non-daemon: " + newNonDaemonThreads(before));
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("milo-"))
        .allMatch(Thread::isDaemon);
  }

  @Test
  void aPortInUseFailsStartWithABindException() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      OpcUaDeviceServer server =
          new OpcUaDeviceServer("127.0.0.1", taken.getLocalPort(), PATH, List.of(pump("p")));
      toClose.add(server);

      assertThatThrownBy(server::start)
          .isInstanceOf(BindException.class)
          .hasMessageContaining("cannot serve OPC UA on 127.0.0.1:" + taken.getLocalPort());
    }
    assertThat(Threads.named("opcua-sim-")).isEmpty();
  }

  // --- helpers

  private static SimDevice pump(String id) {
    return TestDevices.device(
        id,
        "pump-station-opcua",
        new Transport.OpcUa("opc.tcp://127.0.0.1:0" + PATH),
        Clock.systemUTC());
  }

  private OpcUaDeviceServer start(SimDevice... devices) throws Exception {
    server = new OpcUaDeviceServer("127.0.0.1", 0, PATH, List.of(devices));
    toClose.add(server);
    server.start();
    return server;
  }

  private UaClient session(OpcUaDeviceServer server) throws IOException {
    UaClient client = UaClient.session(server.endpoint(), "127.0.0.1", server.port());
    toClose.add(client);
    return client;
  }

  private static NodeId node(String id) {
    return new NodeId(2, id);
  }

  /** The value a Good read returns. */
  private static Variant read(UaClient client, String id) throws IOException {
    DataValue value = client.read(node(id));
    assertThat(value.getStatusCode()).as(id).isEqualTo(StatusCode.GOOD);
    return value.getValue();
  }

  private static Object attribute(UaClient client, String id, AttributeId attribute) {
    try {
      return client.read(node(id), attribute).getValue().getValue();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static UByte accessLevel(UaClient client, String id) {
    return (UByte) attribute(client, id, AttributeId.AccessLevel);
  }

  private static List<String> browseNames(UaClient client, NodeId folder) throws IOException {
    return client.browse(folder).stream()
        .map(ReferenceDescription::getBrowseName)
        .map(q -> q.getName())
        .toList();
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  private static List<String> newNonDaemonThreads(Set<Thread> before) {
    return nonDaemonThreads().stream()
        .filter(t -> !before.contains(t))
        .map(Thread::getName)
        .toList();
  }
}
