package org.citysense.agent.buffer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * One record on disk: {@code [int length][int CRC32 of payload][payload]}, big-endian, where the
 * payload is the item as compact JSON: {@code {"r":{…},"a":true}} for a reading ({@code a} only
 * when alarm-class), {@code {"s":{…}}} for a status change, {@code {"e":{…}}} for an edge event.
 */
final class RecordCodec {
  static final int HEADER = 8;

  /** A length outside 1..MAX_PAYLOAD is impossible: what a torn or zero-filled tail looks like. */
  static final int MAX_PAYLOAD = 1 << 20;

  private static final byte[] READING = ascii("{\"r\":");
  private static final byte[] STATUS = ascii("{\"s\":");
  private static final byte[] EDGE = ascii("{\"e\":");
  private static final byte[] ALARM_END = ascii(",\"a\":true}");
  private static final byte[] END = ascii("}");

  private final ObjectMapper mapper;
  private final ObjectReader readings;
  private final ObjectReader statuses;
  private final ObjectReader edges;

  RecordCodec() {
    this.mapper = new WireCodec().mapper();
    this.readings = reader(WireReading.class);
    this.statuses = reader(StatusChange.class);
    this.edges = reader(EdgeEvent.class);
  }

  private ObjectReader reader(Class<?> type) {
    return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The framed record: header and payload, ready to write. */
  byte[] encode(Item item) {
    byte[] prefix;
    byte[] body;
    byte[] end = END;
    try {
      if (item instanceof Item.Reading r) {
        prefix = READING;
        body = mapper.writeValueAsBytes(r.reading());
        end = r.alarm() ? ALARM_END : END;
      } else if (item instanceof Item.Status s) {
        prefix = STATUS;
        body = mapper.writeValueAsBytes(s.change());
      } else {
        prefix = EDGE;
        body = mapper.writeValueAsBytes(((Item.Edge) item).event());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode item [seq: " + item.seq() + "]", e);
    }
    int length = prefix.length + body.length + end.length;
    if (length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "item too large for the buffer [seq: " + item.seq() + ", bytes: " + length + "]");
    }
    byte[] record = new byte[HEADER + length];
    System.arraycopy(prefix, 0, record, HEADER, prefix.length);
    System.arraycopy(body, 0, record, HEADER + prefix.length, body.length);
    System.arraycopy(end, 0, record, HEADER + prefix.length + body.length, end.length);
    ByteBuffer.wrap(record).putInt(length).putInt(crc(record, HEADER, length));
    return record;
  }

  /** The item in a payload whose CRC has been checked. */
  Item decode(byte[] buf, int off, int len) {
    try (JsonParser p = mapper.getFactory().createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
        throw new IllegalStateException("not a buffer record");
      }
      String kind = p.currentName();
      p.nextToken();
      Object value =
          switch (kind) {
            case "r" -> readings.readValue(p);
            case "s" -> statuses.readValue(p);
            case "e" -> edges.readValue(p);
            default -> throw new IllegalStateException("unknown record kind " + kind);
          };
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
      if (value instanceof StatusChange s) {
        return new Item.Status(s);
      }
      return new Item.Edge((EdgeEvent) value);
    } catch (IOException e) {
      throw new IllegalStateException(
          "a record with a good CRC does not decode: "
              + new String(buf, off, len, StandardCharsets.UTF_8),
          e);
    }
  }

  static int crc(byte[] buf, int off, int len) {
    CRC32 crc = new CRC32();
    crc.update(buf, off, len);
    return (int) crc.getValue();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
