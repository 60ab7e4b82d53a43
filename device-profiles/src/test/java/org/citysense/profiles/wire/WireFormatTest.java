package org.citysense.profiles.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final long T0 = 1_795_334_400_000L; // 2026-11-22T08:00:00Z
  private final WireCodec codec = new WireCodec();

  static Batch sample() {
    return new Batch(
        1,
        "gw-0001",
        "gw-0001-000042",
        T0 + 900,
        new GatewayClock(true, "ntp", 1),
        List.of(
            new WireReading(
                101, "pm-st01", "pm2_5", Quantity.PM2_5, Value.of(35.0), "µg/m³", T0, Quality.GOOD),
            new WireReading(
                102,
                "smoke-b1",
                "smoke",
                Quantity.SMOKE,
                Value.of(true),
                "bool",
                T0 + 100,
                Quality.GOOD),
            new WireReading(
                103, "gas-101", "gas", Quantity.GAS, null, "%LEL", T0 + 200, Quality.COMM_ERROR),
            new WireReading(
                104,
                "level-1",
                "level",
                Quantity.WATER_LEVEL,
                Value.of(31.5),
                "m",
                T0 + 300,
                Quality.OUT_OF_RANGE)),
        List.of(
            new StatusChange(
                105, "gas-101", DeviceState.OFFLINE, "5 consecutive timeouts", T0 + 200)),
        List.of(
            new EdgeEvent(
                106,
                "gas-102",
                "gas",
                EdgeEvent.RAISED,
                Value.of(23.5),
                ">= 20.0",
                T0 + 400,
                List.of(new EdgeAction("gas-102", "valve", Value.of(false), true, null)))),
        new Counters(12, 3));
  }

  @Test
  void roundTripsThroughJsonAndGzip() {
    Batch batch = sample();
    assertThat(codec.decode(codec.encode(batch))).isEqualTo(batch);
    assertThat(codec.decodeGzip(codec.encodeGzip(batch))).isEqualTo(batch);
  }

  @Test
  void quarantinedIsCountedAndReadAsZeroFromAgentsThatDoNotSendIt() {
    Batch batch = sample();
    Batch counted =
        new Batch(
            batch.v(),
            batch.gatewayId(),
            batch.batchId(),
            batch.sentAt(),
            batch.clock(),
            batch.readings(),
            batch.statusChanges(),
            batch.edgeEvents(),
            new Counters(12, 3, 2));
    assertThat(codec.decode(codec.encode(counted)).counters()).isEqualTo(new Counters(12, 3, 2));
    String older =
        new String(codec.encode(batch), StandardCharsets.UTF_8)
            .replaceAll(",?\\s*\"quarantined\"\\s*:\\s*0", "");
    assertThat(older).doesNotContain("quarantined");
    assertThat(codec.decode(older.getBytes(StandardCharsets.UTF_8)).counters().quarantined())
        .isZero();
  }

  @Test
  void encodedJsonIsWhatTheDocsShow() throws Exception {
    JsonNode json = new ObjectMapper().readTree(codec.encode(sample()));
    JsonNode reading = json.get("readings").get(0);
    assertThat(reading.toString())
        .isEqualTo(
            "{\"seq\":101,\"deviceId\":\"pm-st01\",\"point\":\"pm2_5\",\"quantity\":\"pm2_5\","
                + "\"value\":35.0,\"unit\":\"µg/m³\",\"ts\":1795334400000,\"quality\":\"good\"}");
    assertThat(json.get("readings").get(2).get("value").isNull()).isTrue();
    assertThat(json.get("statusChanges").get(0).get("state").asText()).isEqualTo("offline");
    assertThat(json.get("v").asInt()).isEqualTo(1);
  }

  @Test
  void encodedJsonPassesTheShippedSchema() throws Exception {
    JsonSchema schema = schema();
    JsonNode json = new ObjectMapper().readTree(codec.encode(sample()));
    assertThat(schema.validate(json)).isEmpty();
  }

  @Test
  void schemaRejectsAValueWithCommError() throws Exception {
    String body =
        new String(codec.encode(sample()), StandardCharsets.UTF_8)
            .replace("\"value\":null", "\"value\":1.0");
    Set<ValidationMessage> problems = schema().validate(new ObjectMapper().readTree(body));
    assertThat(problems).isNotEmpty();
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() {
    String body =
        new String(codec.encode(sample()), StandardCharsets.UTF_8)
            .replaceFirst("\\{", "{\"firmware\":\"2.1\",");
    assertThat(codec.decode(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(sample());
  }

  @Test
  void badBatchesNameTheirField() {
    assertProblem(
        mutate("\"quality\":\"good\"", "\"quality\":\"fine\""),
        "readings[0].quality",
        "readings[0].quality: \"fine\" is not one of good, out_of_range, stuck, comm_error, invalid");
    assertProblem(
        mutate("\"value\":null", "\"value\":2.0"),
        "readings[2].value",
        "readings[2].value: must be null when quality is comm_error");
    assertProblem(
        mutate("\"unit\":\"µg/m³\"", "\"unit\":\"mg/m³\""),
        "readings[0].unit",
        "readings[0].unit: \"mg/m³\" is not the unit of pm2_5; readings travel in µg/m³");
    assertProblem(
        mutate("\"value\":true", "\"value\":1"),
        "readings[1].value",
        "readings[1].value: smoke takes a boolean, not 1.0");
    assertProblem(
        mutate("\"seq\":102", "\"seq\":101"),
        "readings[1].seq",
        "readings[1].seq: 101 is already used by readings[0]");
    assertProblem(
        mutate("\"value\":35.0", "\"value\":\"35\""),
        "readings[0].value",
        "readings[0].value: must be a number, a boolean or null");
    assertProblem(
        mutate("\"value\":35.0", "\"value\":1e999"),
        "readings[0].value",
        "readings[0].value: must be a finite number, within ±1.8e308 (got Infinity)");
    assertProblem(
        mutate("\"value\":23.5", "\"value\":-1e999"),
        "edgeEvents[0].value",
        "edgeEvents[0].value: must be a finite number, within ±1.8e308 (got -Infinity)");
    assertProblem(
        mutate("\"value\":false", "\"value\":1e999"),
        "edgeEvents[0].actions[0].value",
        "edgeEvents[0].actions[0].value: must be a finite number, within ±1.8e308 (got Infinity)");
    assertProblem(mutate("\"gatewayId\":\"gw-0001\",", ""), "gatewayId", "gatewayId: is missing");
    assertProblem(mutate("\"v\":1", "\"v\":2"), "v", "v: version 2 is not supported; send 1");
  }

  @Test
  void malformedBodiesSayWhere() {
    WireFormatException e =
        catchThrowableOfType(
            WireFormatException.class,
            () -> codec.decode("{\"v\":1,\n \"gatewayId\": }".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.field()).isEmpty();
    assertThat(e.getMessage())
        .startsWith("malformed JSON at line 2, column 15: Unexpected character ('}'");
    WireFormatException gzip =
        catchThrowableOfType(
            WireFormatException.class,
            () -> codec.decodeGzip("not gzip".getBytes(StandardCharsets.UTF_8)));
    assertThat(gzip.getMessage()).startsWith("the body is not valid gzip");
    WireFormatException nan =
        catchThrowableOfType(
            WireFormatException.class,
            () -> codec.decode(mutate("\"value\":35.0", "\"value\":NaN")));
    assertThat(nan.field()).isEqualTo("readings[0]");
    assertThat(nan.getMessage())
        .isEqualTo("readings[0]: NaN and Infinity are not JSON numbers; send a finite number");
    WireFormatException empty =
        catchThrowableOfType(WireFormatException.class, () -> codec.decode(new byte[0]));
    assertThat(empty.getMessage()).isEqualTo("the body is empty");
  }

  private byte[] mutate(String from, String to) {
    String body = new String(codec.encode(sample()), StandardCharsets.UTF_8);
    assertThat(body).contains(from);
    return body.replaceFirst(
            java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
        .getBytes(StandardCharsets.UTF_8);
  }

  private void assertProblem(byte[] body, String field, String message) {
    WireFormatException e =
        catchThrowableOfType(WireFormatException.class, () -> codec.decode(body));
    assertThat(e).as(message).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  private static JsonSchema schema() throws Exception {
    try (var in = WireFormatTest.class.getResourceAsStream("/schema/batch-v1.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }
}
