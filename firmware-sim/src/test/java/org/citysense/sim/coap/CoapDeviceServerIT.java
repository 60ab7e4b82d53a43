package org.citysense.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.citysense.sim.testing.TestDevices;
import org.citysense.sim.testing.Threads;
import org.citysense.testsupport.PeerProcess;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CoAP server read and observed by libcoap's coap-client. */
class CoapDeviceServerIT {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimDevice meter =
      TestDevices.device(
          "meter-1", "water-meter-coap", new Transport.Coap("127.0.0.1", 0), Clock.systemUTC());
  private CoapDeviceServer server;
  private PeerProcess client;

  @BeforeEach
  void startServer() throws Exception {
    meter.set("volume", Value.of(123.456)); // m³
    meter.set("flow", Value.of(0.0125)); // m³/h
    meter.set("battery", Value.of(90));
    server = new CoapDeviceServer("127.0.0.1", 0, List.of(meter));
    server.start();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (client != null) {
      client.close();
    }
    server.close();
    Poll.until(
        "the server's threads to end",
        LIMIT,
        () -> threads().isEmpty(),
        () -> "still alive: " + threads());
  }

  @Test
  void aGetReturnsTheSetValuesInTheProfilesUnits() throws Exception {
    JsonNode meter = JSON.readTree(get("/meter"));

    assertThat(meter.at("/total").isIntegralNumber()).isTrue();
    assertThat(meter.at("/total").longValue()).isEqualTo(123456); // litres
    assertThat(meter.at("/flow").doubleValue()).isEqualTo(12.5); // L/h
    assertThat(meter.at("/battery").longValue()).isEqualTo(90);
    assertThat(Path.of("Californium3.properties")).doesNotExist();
    assertThat(threads()).as("the server threads while it serves").isNotEmpty();
  }

  @Test
  void anObserverIsNotifiedOfAChange() throws Exception {
    client = CoapClient.get(server.port(), "/meter", 30, "-s", "30");
    Poll.until(
        "the first representation", LIMIT, () -> totals().contains(123456L), client::transcript);

    meter.set("volume", Value.of(124));

    Poll.until("a notification", LIMIT, () -> totals().contains(124000L), client::transcript);
  }

  @Test
  void wellKnownCoreListsTheResourceAsObservableJson() throws Exception {
    String links = get("/.well-known/core");

    assertThat(links).contains("</meter>");
    String meterLink = links.substring(links.indexOf("</meter>")).split(",")[0];
    assertThat(meterLink).contains(";obs", ";ct=50", "title=\"meter-1\"", "water-meter-coap");
  }

  @Test
  void aSilentDeviceAnswersNothingUntilTheFaultIsCleared() throws Exception {
    meter.inject(FaultType.NO_RESPONSE, null, null, 0, null);

    client = CoapClient.get(server.port(), "/meter", 3);
    assertThat(client.awaitExit(LIMIT)).as("coap-client gives up by itself").isTrue();
    assertThat(client.out()).doesNotContain("total");

    meter.clearFaults();
    assertThat(JSON.readTree(get("/meter")).at("/total").longValue()).isEqualTo(123456);
  }

  @Test
  void garbageServesAbsurdNumbers() throws Exception {
    meter.inject(FaultType.GARBAGE, null, null, 0, null);

    JsonNode meter = JSON.readTree(get("/meter"));

    assertThat(meter.at("/total").longValue()).isEqualTo(-99_999_000); // -99999 m³
    assertThat(meter.at("/flow").longValue()).isEqualTo(99_999_000); // 99999 m³/h
    assertThat(meter.at("/battery").longValue()).isEqualTo(99999);
  }

  /** One GET; returns the payload. */
  private String get(String path) throws Exception {
    try (PeerProcess get = CoapClient.get(server.port(), path, 10)) {
      assertThat(get.awaitExit(LIMIT)).as(get.transcript()).isTrue();
      assertThat(get.out()).as(get.transcript()).isNotBlank();
      return get.out().strip();
    }
  }

  /** The totals of the representations the observing client printed so far. */
  private List<Long> totals() {
    return client.lines().stream().filter(l -> l.startsWith("{")).map(l -> readTotal(l)).toList();
  }

  private static long readTotal(String json) {
    try {
      return JSON.readTree(json).at("/total").longValue();
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static List<String> threads() {
    return Threads.named("").stream()
        .filter(n -> n.startsWith("CoapServer") || n.startsWith("UDP-") || n.contains("Coap"))
        .toList();
  }
}
