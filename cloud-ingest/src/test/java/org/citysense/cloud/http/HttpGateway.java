package org.citysense.cloud.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * A gateway for whole-service tests: numbers its readings and posts them to {@code /api/v1/ingest}
 * with its token, as the agent does, expecting every reading stored.
 */
public final class HttpGateway {
  private final WireCodec codec = new WireCodec();
  private final AtomicLong seq = new AtomicLong();
  private final String gatewayId;
  private final String token;
  private final LongSupplier millis;

  /**
   * @param millis the cloud's clock, for the batch's send time
   */
  public HttpGateway(String gatewayId, String token, LongSupplier millis) {
    this.gatewayId = gatewayId;
    this.token = token;
    this.millis = millis;
  }

  /** A good reading, numbered next. */
  public WireReading reading(
      String device, String point, Quantity quantity, double value, String unit, long ts) {
    return new WireReading(
        seq.incrementAndGet(), device, point, quantity, Value.of(value), unit, ts, Quality.GOOD);
  }

  public WireReading gas(String device, double lel, long ts) {
    return reading(device, "gas", Quantity.GAS, lel, "%LEL", ts);
  }

  /** The next sequence number, for a gateway alarm. */
  public long nextSeq() {
    return seq.incrementAndGet();
  }

  public void send(WireReading... readings) {
    send(List.of(), readings);
  }

  public void send(List<EdgeEvent> alarms, WireReading... readings) {
    given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(body(alarms, readings))
        .post("/api/v1/ingest")
        .then()
        .statusCode(200)
        .body("stored", equalTo(readings.length));
  }

  /** A batch's body as the gateway would post it, for a client other than this one to send. */
  public byte[] body(List<EdgeEvent> alarms, WireReading... readings) {
    return codec.encode(
        new Batch(
            1,
            gatewayId,
            UUID.randomUUID().toString(),
            millis.getAsLong(),
            new GatewayClock(true, "ntp", 1),
            List.of(readings),
            List.of(),
            alarms,
            Counters.ZERO));
  }
}
