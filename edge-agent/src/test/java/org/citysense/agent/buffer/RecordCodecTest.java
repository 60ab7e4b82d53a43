package org.citysense.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.junit.jupiter.api.Test;

/**
 * Buffer records stay readable across the move from databind to the streaming API: a buffer written
 * by an agent before it reads after the update, and one written after reads with the databind codec
 * (an agent rolled back).
 */
class RecordCodecTest {
  private final RecordCodec codec = new RecordCodec();
  private final DatabindRecords databind = new DatabindRecords();

  private static List<Item> items() {
    List<Item> items = new ArrayList<>();
    items.addAll(
        List.of(
            TestItems.normal(1),
            TestItems.alarm(2),
            TestItems.status(3),
            TestItems.edge(4),
            new Item.Reading(
                new WireReading(
                    5, "gas-101", "gas", Quantity.GAS, null, "%LEL", 6, Quality.COMM_ERROR),
                false),
            new Item.Reading(
                new WireReading(
                    Long.MAX_VALUE,
                    "水表 \"7\"\n🔥",
                    "flow",
                    Quantity.WATER_FLOW,
                    Value.of(-Double.MIN_VALUE),
                    "m³/h",
                    Long.MIN_VALUE,
                    Quality.OUT_OF_RANGE),
                true),
            new Item.Status(new StatusChange(6, "pm-1", DeviceState.ONLINE, null, 7)),
            new Item.Edge(
                new EdgeEvent(
                    7,
                    "gas-102",
                    "gas",
                    EdgeEvent.CLEARED,
                    Value.of(1e300),
                    null,
                    8,
                    List.of(
                        new EdgeAction("gas-102", "valve", Value.of(true), false, "timeout"),
                        new EdgeAction("gas-103", "valve", null, true, null))))));
    for (Quality q : Quality.values()) {
      items.add(
          new Item.Reading(
              new WireReading(10, "d", "p", Quantity.SMOKE, Value.of(true), "bool", 11, q), false));
    }
    return items;
  }

  @Test
  void writesTheBytesTheDatabindCodecWrote() throws IOException {
    for (Item item : items()) {
      assertThat(new String(codec.encode(item), StandardCharsets.UTF_8))
          .isEqualTo(new String(databind.encode(item), StandardCharsets.UTF_8));
      assertThat(codec.encode(item)).isEqualTo(databind.encode(item));
    }
  }

  @Test
  void readsRecordsTheDatabindCodecWrote() throws IOException {
    for (Item item : items()) {
      assertThat(decode(databind.encode(item))).isEqualTo(item);
    }
  }

  @Test
  void itsRecordsReadWithTheDatabindCodec() throws IOException {
    for (Item item : items()) {
      assertThat(databind.decode(codec.encode(item))).isEqualTo(item);
    }
  }

  @Test
  void readsRecordsAsAnEarlierAgentLeftThemOnDisk() throws IOException {
    // spelled out, so that this holds whatever later databind versions write
    String reading =
        "{\"r\":{\"seq\":42,\"deviceId\":\"pm-st01\",\"point\":\"pm2_5\",\"quantity\":\"pm2_5\","
            + "\"value\":35.5,\"unit\":\"µg/m³\",\"ts\":1795334400042,\"quality\":\"good\"},"
            + "\"a\":true}";
    String status =
        "{\"s\":{\"seq\":43,\"deviceId\":\"gas-101\",\"state\":\"offline\","
            + "\"reason\":\"5 consecutive timeouts\",\"ts\":1795334400043}}";
    String edge =
        "{\"e\":{\"seq\":44,\"deviceId\":\"gas-102\",\"point\":\"gas\",\"kind\":\"alarm_raised\","
            + "\"value\":23.5,\"limit\":\">= 20.0\",\"ts\":1795334400044,\"actions\":"
            + "[{\"deviceId\":\"gas-102\",\"point\":\"valve\",\"value\":false,\"ok\":true,"
            + "\"detail\":null}]}}";
    List<Item> expected = List.of(TestItems.alarm(42), TestItems.status(43), TestItems.edge(44));
    List<String> payloads = List.of(reading, status, edge);
    for (int i = 0; i < payloads.size(); i++) {
      byte[] record = DatabindRecords.frame(payloads.get(i).getBytes(StandardCharsets.UTF_8));
      assertThat(record).as("as databind wrote it").isEqualTo(databind.encode(expected.get(i)));
      assertThat(decode(record)).isEqualTo(expected.get(i));
    }
  }

  @Test
  void fieldsItDoesNotKnowAreSkippedForNewerAgents() {
    String payload =
        "{\"r\":{\"seq\":42,\"deviceId\":\"pm-st01\",\"point\":\"pm2_5\",\"quantity\":\"pm2_5\","
            + "\"value\":35.5,\"unit\":\"µg/m³\",\"ts\":1795334400042,\"quality\":\"good\","
            + "\"origin\":{\"hops\":[1,2]}},\"x\":[{}],\"a\":true,\"y\":null}";
    assertThat(decode(DatabindRecords.frame(payload.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(TestItems.alarm(42));
  }

  private Item decode(byte[] record) {
    byte[] payload = Arrays.copyOfRange(record, RecordCodec.HEADER, record.length);
    return codec.decode(payload, 0, payload.length);
  }
}
