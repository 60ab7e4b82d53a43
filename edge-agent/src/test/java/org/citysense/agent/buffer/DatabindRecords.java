package org.citysense.agent.buffer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * Buffer records as the agent wrote and read them through databind until it moved to the streaming
 * API: the reference that {@link RecordCodec} must stay compatible with, both ways.
 */
final class DatabindRecords {
  private final ObjectMapper mapper = new WireCodec().mapper();

  /** The framed record, header and payload, as the databind codec wrote it. */
  byte[] encode(Item item) throws IOException {
    String prefix;
    byte[] body;
    String end = "}";
    if (item instanceof Item.Reading r) {
      prefix = "{\"r\":";
      body = mapper.writeValueAsBytes(r.reading());
      end = r.alarm() ? ",\"a\":true}" : "}";
    } else if (item instanceof Item.Status s) {
      prefix = "{\"s\":";
      body = mapper.writeValueAsBytes(s.change());
    } else {
      prefix = "{\"e\":";
      body = mapper.writeValueAsBytes(((Item.Edge) item).event());
    }
    ByteBuffer payload = ByteBuffer.allocate(prefix.length() + body.length + end.length());
    payload.put(prefix.getBytes(StandardCharsets.US_ASCII));
    payload.put(body).put(end.getBytes(StandardCharsets.US_ASCII));
    return frame(payload.array());
  }

  /** {@code payload} with its header: length and CRC. */
  static byte[] frame(byte[] payload) {
    ByteBuffer record = ByteBuffer.allocate(RecordCodec.HEADER + payload.length);
    record.putInt(payload.length).putInt(RecordCodec.crc(payload, 0, payload.length));
    return record.put(payload).array();
  }

  /** The item in a record's payload, as the databind codec read it. */
  Item decode(byte[] record) throws IOException {
    try (JsonParser p =
        mapper
            .getFactory()
            .createParser(record, RecordCodec.HEADER, record.length - RecordCodec.HEADER)) {
      p.nextToken();
      p.nextToken();
      String kind = p.currentName();
      p.nextToken();
      Class<?> type =
          switch (kind) {
            case "r" -> WireReading.class;
            case "s" -> StatusChange.class;
            default -> EdgeEvent.class;
          };
      Object value =
          mapper
              .readerFor(type)
              .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readValue(p);
      boolean alarm = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("a")) {
          alarm = p.getBooleanValue();
        } else {
          p.skipChildren();
        }
      }
      if (value instanceof WireReading r) {
        return new Item.Reading(r, alarm);
      }
      return value instanceof StatusChange s
          ? new Item.Status(s)
          : new Item.Edge((EdgeEvent) value);
    }
  }
}
