package org.citysense.profiles.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.junit.jupiter.api.Test;

/**
 * The streaming {@link WireWriter} and {@link WireReader}, which the edge agent uses, against the
 * databind {@link WireCodec}, which the cloud and the agent's older buffers use: the same bytes,
 * and each reads what the other wrote, for many random records and every id.
 */
class WireStreamingTest {
  private static final int SAMPLES = 2_000;
  private static final long T0 = 1_795_334_400_000L;

  private final ObjectMapper databind = new WireCodec().mapper();
  private final JsonFactory json = new JsonFactory();

  private interface Write {
    void to(JsonGenerator g) throws IOException;
  }

  private interface Read<T> {
    T from(JsonParser p) throws IOException;
  }

  private byte[] streamed(Write write) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = json.createGenerator(out)) {
      write.to(g);
    }
    return out.toByteArray();
  }

  private <T> T read(byte[] bytes, Read<T> read) throws IOException {
    try (JsonParser p = json.createParser(bytes)) {
      p.nextToken();
      T value = read.from(p);
      assertThat(p.nextToken()).as("the whole record is read").isNull();
      return value;
    }
  }

  /** Streaming and databind write the same bytes, and each reads the other's back as it was. */
  private <T> void assertInterchangeable(T value, Write write, Read<T> read, Class<T> type)
      throws IOException {
    byte[] ours = streamed(write);
    byte[] theirs = databind.writeValueAsBytes(value);
    assertThat(new String(ours, StandardCharsets.UTF_8))
        .isEqualTo(new String(theirs, StandardCharsets.UTF_8));
    assertThat(ours).isEqualTo(theirs);
    assertThat(databind.readValue(ours, type)).isEqualTo(value);
    assertThat(read(theirs, read)).isEqualTo(value);
  }

  @Test
  void readingsAreInterchangeableWithDatabind() throws IOException {
    WireSamples samples = new WireSamples(1);
    for (int i = 0; i < SAMPLES; i++) {
      WireReading r = samples.reading();
      assertInterchangeable(r, g -> WireWriter.write(g, r), WireReader::reading, WireReading.class);
    }
  }

  @Test
  void statusChangesAreInterchangeableWithDatabind() throws IOException {
    WireSamples samples = new WireSamples(2);
    for (int i = 0; i < SAMPLES; i++) {
      StatusChange s = samples.statusChange();
      assertInterchangeable(
          s, g -> WireWriter.write(g, s), WireReader::statusChange, StatusChange.class);
    }
  }

  @Test
  void edgeEventsAreInterchangeableWithDatabind() throws IOException {
    WireSamples samples = new WireSamples(3);
    for (int i = 0; i < SAMPLES; i++) {
      EdgeEvent e = samples.edgeEvent();
      assertInterchangeable(e, g -> WireWriter.write(g, e), WireReader::edgeEvent, EdgeEvent.class);
    }
  }

  @Test
  void everyQuantityQualityAndStateIsWrittenByItsId() throws IOException {
    for (Quantity q : Quantity.values()) {
      for (Quality quality : Quality.values()) {
        Value v = q.isBoolean() ? Value.of(true) : Value.of(-12.5);
        WireReading r = new WireReading(7, "d", "p", q, v, q.canonicalUnit().symbol(), T0, quality);
        assertInterchangeable(
            r, g -> WireWriter.write(g, r), WireReader::reading, WireReading.class);
        assertThat(new String(streamed(g -> WireWriter.write(g, r)), StandardCharsets.UTF_8))
            .contains("\"quantity\":\"" + q.id() + "\"", "\"quality\":\"" + quality.id() + "\"");
      }
    }
    for (DeviceState state : DeviceState.values()) {
      StatusChange s = new StatusChange(8, "d", state, "why", T0);
      assertInterchangeable(
          s, g -> WireWriter.write(g, s), WireReader::statusChange, StatusChange.class);
    }
  }

  @Test
  void batchesAreWrittenAsDatabindWritesThemAndReadByTheCloud() throws IOException {
    WireWriter writer = new WireWriter();
    WireSamples samples = new WireSamples(4);
    for (int i = 0; i < SAMPLES / 4; i++) {
      Batch b = samples.batch();
      byte[] ours = writer.encode(b);
      assertThat(new String(ours, StandardCharsets.UTF_8))
          .isEqualTo(new String(databind.writeValueAsBytes(b), StandardCharsets.UTF_8));
      assertThat(databind.readValue(ours, Batch.class)).isEqualTo(b);
    }
  }

  @Test
  void aValidBatchPassesTheCloudsCodecPlainAndGzipped() {
    WireWriter writer = new WireWriter();
    WireCodec cloud = new WireCodec();
    Batch sample = WireFormatTest.sample();
    Batch numbered =
        new Batch(
            1,
            "gw-0001",
            "gw-0001-000043",
            T0 + 900,
            GatewayClock.UNSYNCED,
            sample.readings(),
            sample.statusChanges(),
            sample.edgeEvents(),
            new Counters(1, 2, 3),
            101L);
    for (Batch b : List.of(sample, numbered)) {
      assertThat(writer.encode(b)).isEqualTo(cloud.encode(b));
      assertThat(cloud.decode(writer.encode(b))).isEqualTo(b);
      assertThat(cloud.decodeGzip(writer.encodeGzip(b))).isEqualTo(b);
    }
  }

  @Test
  void numbersThatAreNotFiniteAreWrittenAsDatabindWritesThem() throws IOException {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      WireReading r =
          new WireReading(1, "d", "p", Quantity.CO, Value.of(d), "ppm", T0, Quality.INVALID);
      assertThat(streamed(g -> WireWriter.write(g, r))).isEqualTo(databind.writeValueAsBytes(r));
    }
  }

  @Test
  void theReaderSkipsUnknownFieldsAndLeavesMissingTextsNullAsDatabindDoes() throws IOException {
    String json =
        "{\"extra\":{\"a\":[1,{\"b\":null}]},\"ts\":5,\"quality\":\"good\",\"more\":[[]],"
            + "\"value\":3,\"seq\":9}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    WireReading expected =
        new WireReading(9, null, null, null, Value.of(3.0), null, 5, Quality.GOOD);
    assertThat(read(bytes, WireReader::reading)).isEqualTo(expected);
    assertThat(databind.readValue(bytes, WireReading.class)).isEqualTo(expected);

    byte[] event =
        "{\"seq\":3,\"ts\":4,\"actions\":null,\"x\":true}".getBytes(StandardCharsets.UTF_8);
    assertThat(read(event, WireReader::edgeEvent))
        .isEqualTo(databind.readValue(event, EdgeEvent.class))
        .isEqualTo(new EdgeEvent(3, null, null, null, null, null, 4, List.of()));
  }

  @Test
  void theReaderRefusesWhatDatabindRefuses() {
    for (String bad :
        List.of(
            "{\"seq\":1,\"ts\":2,\"quantity\":\"pm3\"}",
            "{\"seq\":1,\"ts\":2,\"quality\":\"fine\"}",
            "{\"seq\":1,\"ts\":2,\"value\":\"12\"}",
            "{\"seq\":1,\"ts\":2,\"value\":[1]}",
            "{\"seq\":{},\"ts\":2}",
            "{\"seq\":1}",
            "{\"seq\":1,\"ts\":null}",
            "[1]")) {
      byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
      assertThat(catchThrowable(() -> databind.readValue(bytes, WireReading.class)))
          .as("databind, " + bad)
          .isNotNull();
      assertThat(catchThrowable(() -> read(bytes, WireReader::reading)))
          .as("streaming, " + bad)
          .isInstanceOf(JsonParseException.class);
    }
    byte[] state = "{\"state\":\"away\"}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> read(state, WireReader::statusChange))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("state: \"away\" is not a known id");
    byte[] noOk =
        "{\"seq\":1,\"ts\":2,\"actions\":[{\"point\":\"valve\"}]}".getBytes(StandardCharsets.UTF_8);
    assertThat(catchThrowable(() -> databind.readValue(noOk, EdgeEvent.class))).isNotNull();
    assertThatThrownBy(() -> read(noOk, WireReader::edgeEvent))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("ok is missing");
  }
}
