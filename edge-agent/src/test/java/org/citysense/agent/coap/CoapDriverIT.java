package org.citysense.agent.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.testing.Devices;
import org.citysense.agent.testing.Libcoap;
import org.citysense.agent.testing.RecordingListener;
import org.citysense.agent.testing.RecordingListener.Received;
import org.citysense.agent.testing.Threads;
import org.citysense.profiles.clock.ScaledClock;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.load.ProfileLoader;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.citysense.sim.coap.CoapDeviceServer;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CoAP driver against libcoap's coap-server-notls, whose resources the test creates with
 * coap-client-notls PUTs, and against the simulator's CoAP water meter.
 */
class CoapDriverIT {
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final int JSON = 50;
  private static final int TEXT = 0;
  private static final String METER = "{\"total\":123456,\"flow\":12.5,\"battery\":90}";

  /** Quick to give up, so a silent device is a TIMEOUT within a couple of seconds. */
  private static final DriverSettings FAST =
      new DriverSettings(Duration.ofMillis(300), 1, Duration.ofMillis(100), 0);

  /** 15 minutes pass in one second: the water meter's interval becomes a 1 s poll. */
  private static final Clock FAST_CLOCK =
      new ScaledClock(Instant.now(), Instant.now(), 900, Clock.systemUTC());

  private static final String LEVEL_PROFILE =
      """
      model: LVL-T
      manufacturer: Test
      description: water level as a bare number over CoAP
      protocol: coap
      interval: 15m
      coap:
        resource: /level
        observe: false
        contentFormat: text/plain
      points:
        - name: level
          quantity: water_level
          unit: m
          range: {min: 0, max: 10}
      """;

  private final Devices devices = new Devices();
  private final RecordingListener listener = new RecordingListener();
  private final Set<Thread> threadsBefore = Threads.snapshot();
  private Libcoap libcoap;
  private CoapDeviceServer simulator;
  private CoapDriver driver;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (driver != null) {
      driver.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    if (libcoap != null) {
      libcoap.close();
    }
    Poll.until(
        "new non-daemon threads to end",
        LIMIT,
        () -> Threads.newNonDaemon(threadsBefore).isEmpty(),
        () -> "still alive: " + Threads.newNonDaemon(threadsBefore));
  }

  @Test
  void libcoapPolledJsonArrivesAndSoDoesItsNextValue() throws Exception {
    libcoap = Libcoap.start();
    libcoap.put("/meter", JSON, METER);
    startDriver(FAST_CLOCK, DriverSettings.DEFAULT, polledMeter("meter-1", libcoap.port()));

    Received first = awaitReceived("meter-1", r -> true);
    assertThat(first.raw()).isInstanceOf(RawValue.Json.class);
    assertThat(first.decode("volume").value()).isEqualTo(Value.of(123.456)); // m³
    assertThat(first.decode("flow").value()).isEqualTo(Value.of(0.0125)); // m³/h
    assertThat(first.decode("battery").value()).isEqualTo(Value.of(90));
    assertThat(driver.describe()).contains("polling every 1000 ms");

    libcoap.put("/meter", JSON, "{\"total\":200000,\"flow\":0,\"battery\":89}");

    awaitReceived("meter-1", r -> r.decode("volume").value().equals(Value.of(200)));
  }

  @Test
  void libcoapObservedJsonNotifiesTheNextValue() throws Exception {
    libcoap = Libcoap.start();
    libcoap.put("/meter", JSON, METER);
    startDriver(Clock.systemUTC(), DriverSettings.DEFAULT, meter("meter-1", libcoap.port()));
    awaitReceived("meter-1", r -> r.decode("volume").value().equals(Value.of(123.456)));
    assertThat(driver.describe()).contains("observing");

    // polling would take 15 minutes: only a notification brings this within the limit
    libcoap.put("/meter", JSON, "{\"total\":200000,\"flow\":0,\"battery\":89}");

    awaitReceived("meter-1", r -> r.decode("volume").value().equals(Value.of(200)));
    assertThat(listener.failures()).isEmpty();
  }

  @Test
  void libcoapTextPlainBecomesText() throws Exception {
    libcoap = Libcoap.start();
    libcoap.put("/level", TEXT, "2.75");
    DeviceProfile level =
        new ProfileLoader().parse("level-coap-text.yaml", LEVEL_PROFILE).profile();
    BoundDevice device =
        new BoundDevice(
            devices.instance(
                "level-1", level.id(), new Transport.Coap("127.0.0.1", libcoap.port())),
            level);
    startDriver(Clock.systemUTC(), DriverSettings.DEFAULT, device);

    Received got = awaitReceived("level-1", r -> true);
    assertThat(got.raw()).isEqualTo(new RawValue.Text("2.75"));
    assertThat(got.decode("level").value()).isEqualTo(Value.of(2.75));
  }

  @Test
  void aResourceThatCannotBeObservedIsPolledInstead() throws Exception {
    libcoap = Libcoap.start();
    // libcoap's own root resource is plain text and not observable (no "obs" in its link)
    assertThat(libcoap.get("/.well-known/core")).contains("</>;title=\"General Info\";ct=0,");
    DeviceProfile root =
        new ProfileLoader()
            .parse(
                "root-coap-text.yaml",
                LEVEL_PROFILE.replace("/level", "/").replace("observe: false", "observe: true"))
            .profile();
    BoundDevice device =
        new BoundDevice(
            devices.instance("root-1", root.id(), new Transport.Coap("127.0.0.1", libcoap.port())),
            root);
    startDriver(FAST_CLOCK, DriverSettings.DEFAULT, device);

    Poll.until(
        "a second representation, polled",
        LIMIT,
        () -> listener.received("root-1").size() >= 2,
        listener::transcript);
    assertThat(listener.received("root-1").get(0).raw()).isInstanceOf(RawValue.Text.class);
    assertThat(driver.describe()).contains("polling every 1000 ms");
  }

  @Test
  void aMissingResourceIsAnExceptionWithCode404() throws Exception {
    libcoap = Libcoap.start();
    startDriver(FAST_CLOCK, DriverSettings.DEFAULT, polledMeter("meter-1", libcoap.port()));

    Poll.until(
        "a failure", LIMIT, () -> !listener.failures("meter-1").isEmpty(), listener::transcript);
    Failure failure = listener.failures("meter-1").get(0);
    assertThat(failure.kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(failure.code()).isEqualTo(404);
    assertThat(failure.message()).startsWith("4.04");
    assertThat(driver.describe()).contains("failing");
  }

  @Test
  void nobodyAnsweringIsATimeout() throws Exception {
    startDriver(FAST_CLOCK, FAST, polledMeter("meter-1", Libcoap.freeUdpPort()));

    Poll.until(
        "a timeout",
        LIMIT,
        () -> listener.hasFailure("meter-1", Failure.Kind.TIMEOUT),
        listener::transcript);
    assertThat(listener.received()).isEmpty();
  }

  @Test
  void theSimulatedMeterIsObservedAndItsChangeArrives() throws Exception {
    SimDevice meter = simMeter("meter-1");
    startDriver(Clock.systemUTC(), DriverSettings.DEFAULT, meter("meter-1", simulator.port()));

    Received first = awaitReceived("meter-1", r -> true);
    assertDecodesToServed(first, meter);

    meter.set("volume", Value.of(124));

    awaitReceived("meter-1", r -> r.decode("volume").value().equals(Value.of(124)));
  }

  @Test
  void theSimulatedMeterIsPolledAtItsIntervalOnTheAgentsClock() throws Exception {
    SimDevice meter = simMeter("meter-1");
    startDriver(FAST_CLOCK, DriverSettings.DEFAULT, polledMeter("meter-1", simulator.port()));

    assertDecodesToServed(awaitReceived("meter-1", r -> true), meter);
    meter.set("volume", Value.of(124));

    awaitReceived("meter-1", r -> r.decode("volume").value().equals(Value.of(124)));
  }

  @Test
  void aSilentMeterTimesOutAndIsObservedAgainOnceItAnswers() throws Exception {
    SimDevice meter = simMeter("meter-1");
    meter.inject(FaultType.NO_RESPONSE, null, null, 0, Duration.ZERO);
    startDriver(Clock.systemUTC(), FAST, meter("meter-1", simulator.port()));

    Poll.until(
        "a timeout",
        LIMIT,
        () -> listener.hasFailure("meter-1", Failure.Kind.TIMEOUT),
        listener::transcript);
    meter.clearFaults();

    assertDecodesToServed(awaitReceived("meter-1", r -> true), meter);
  }

  @Test
  void closeReleasesEveryThreadAndWritesNoPropertiesFile() throws Exception {
    startDriver(FAST_CLOCK, FAST, polledMeter("meter-1", Libcoap.freeUdpPort()));
    assertThat(Threads.named("coap-driver")).isNotEmpty();

    driver.close();

    Poll.until(
        "the driver's thread to end",
        LIMIT,
        () -> Threads.named("coap-driver").isEmpty(),
        () -> "still alive: " + Threads.named("coap-driver"));
    assertThat(Path.of("Californium3.properties")).doesNotExist();
    assertThat(driver.describe()).isEqualTo("coap (closed)");
  }

  private void startDriver(Clock clock, DriverSettings settings, BoundDevice... bound)
      throws Exception {
    driver = new CoapDriver(List.of(bound), clock, settings);
    driver.start(listener);
  }

  private BoundDevice meter(String id, int port) {
    return devices.bound(id, "water-meter-coap", new Transport.Coap("127.0.0.1", port));
  }

  /** The bundled water meter with observe turned off in its profile. */
  private BoundDevice polledMeter(String id, int port) {
    String yaml = ProfileCatalog.bundledText("water-meter-coap.yaml");
    assertThat(yaml).contains("observe: true");
    DeviceProfile polled =
        new ProfileLoader()
            .parse("water-meter-coap-polled.yaml", yaml.replace("observe: true", "observe: false"))
            .profile();
    return new BoundDevice(
        devices.instance(id, polled.id(), new Transport.Coap("127.0.0.1", port)), polled);
  }

  /** A simulated meter with set values, served by the simulator's CoAP server. */
  private SimDevice simMeter(String id) throws Exception {
    SimDevice meter =
        devices.sim(id, "water-meter-coap", new Transport.Coap("127.0.0.1", 0), Clock.systemUTC());
    meter.set("volume", Value.of(123.456)); // m³
    meter.set("flow", Value.of(0.0125)); // m³/h
    meter.set("battery", Value.of(90));
    simulator = new CoapDeviceServer("127.0.0.1", 0, List.of(meter));
    simulator.start();
    return meter;
  }

  private static void assertDecodesToServed(Received got, SimDevice device) {
    for (Point point : device.profile().points()) {
      assertThat(got.decode(point.name()).value())
          .as(point.name())
          .isEqualTo(device.snapshot().values().get(point.name()));
    }
  }

  private Received awaitReceived(String deviceId, java.util.function.Predicate<Received> which)
      throws InterruptedException {
    Poll.until(
        "a matching representation from " + deviceId,
        LIMIT,
        () -> listener.received(deviceId).stream().anyMatch(which),
        listener::transcript);
    return listener.received(deviceId).stream().filter(which).findFirst().orElseThrow();
  }
}
