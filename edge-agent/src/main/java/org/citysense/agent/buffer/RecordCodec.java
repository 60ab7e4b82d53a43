package org.citysense.agent.buffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.citysense.profiles.wire.WireReader;
import org.citysense.profiles.wire.WireWriter;

/**
 * One record on disk: {@code [int length][int CRC32 of payload][payload]}, big-endian, where the
 * payload is the item as compact JSON: {@code {"r":{…},"a":true}} for a reading ({@code a} only
 * when alarm-class), {@code {"s":{…}}} for a status change, {@code {"e":{…}}} for an edge event.
 * The records inside are the wire format's, written and read with jackson-core's streaming API
 * (byte for byte what databind wrote before, so old buffers still read; databind is not loaded).
 */
final class RecordCodec {
  static final int HEADER = 8;

  /** A length outside 1..MAX_PAYLOAD is impossible: what a torn or zero-filled tail looks like. */
  static final int MAX_PAYLOAD = 1 << 20;

  private final JsonFactory json = new JsonFactory();

  /** The framed record: header and payload, ready to write. */
  byte[] encode(Item item) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(new byte[HEADER]); // filled in below, once the length is known
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      if (item instanceof Item.Reading r) {
        g.writeFieldName("r");
        WireWriter.write(g, r.reading());
        if (r.alarm()) {
          g.writeBooleanField("a", true);
        }
      } else if (item instanceof Item.Status s) {
        g.writeFieldName("s");
        WireWriter.write(g, s.change());
      } else {
        g.writeFieldName("e");
        WireWriter.write(g, ((Item.Edge) item).event());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode item [seq: " + item.seq() + "]", e);
    }
    byte[] record = out.toByteArray();
    int length = record.length - HEADER;
    if (length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "item too large for the buffer [seq: " + item.seq() + ", bytes: " + length + "]");
    }
    ByteBuffer.wrap(record).putInt(length).putInt(crc(record, HEADER, length));
    return record;
  }

  /** The item in a payload whose CRC has been checked. */
  Item decode(byte[] buf, int off, int len) {
    try (JsonParser p = json.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
        throw new IllegalStateException("not a buffer record");
      }
      String kind = p.currentName();
      p.nextToken();
      Item item =
          switch (kind) {
            case "r" -> new Item.Reading(WireReader.reading(p), false);
            case "s" -> new Item.Status(WireReader.statusChange(p));
            case "e" -> new Item.Edge(WireReader.edgeEvent(p));
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
      return item instanceof Item.Reading r ? new Item.Reading(r.reading(), alarm) : item;
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
}
