package org.citysense.profiles.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.citysense.profiles.model.Value;

/**
 * Writes wire records and batches with jackson-core's streaming generator, byte for byte as {@link
 * WireCodec} writes them through databind: fields in record order, nulls written, quantities,
 * qualities and states by id, values as bare numbers or booleans. For the edge agent, which so
 * keeps databind (~570 classes, 3-4 MiB) out of a gateway's memory; the cloud reads these with
 * {@link WireCodec}.
 */
public final class WireWriter {
  private final JsonFactory factory = new JsonFactory();

  /** A batch as JSON. */
  public byte[] encode(Batch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 160 * batch.readings().size());
    write(out, batch);
    return out.toByteArray();
  }

  /** A batch as gzip-compressed JSON, the body of a request with Content-Encoding: gzip. */
  public byte[] encodeGzip(Batch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      write(gzip, batch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void write(OutputStream out, Batch batch) {
    try (JsonGenerator g = factory.createGenerator(out)) {
      write(g, batch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode batch " + batch.batchId(), e);
    }
  }

  public static void write(JsonGenerator g, Batch b) throws IOException {
    g.writeStartObject();
    g.writeNumberField("v", b.v());
    g.writeStringField("gatewayId", b.gatewayId());
    g.writeStringField("batchId", b.batchId());
    g.writeNumberField("sentAt", b.sentAt());
    g.writeObjectFieldStart("clock");
    g.writeBooleanField("synced", b.clock().synced());
    g.writeStringField("source", b.clock().source());
    g.writeNumberField("speed", b.clock().speed());
    g.writeEndObject();
    g.writeArrayFieldStart("readings");
    for (WireReading r : b.readings()) {
      write(g, r);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("statusChanges");
    for (StatusChange s : b.statusChanges()) {
      write(g, s);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("edgeEvents");
    for (EdgeEvent e : b.edgeEvents()) {
      write(g, e);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("counters");
    g.writeNumberField("evicted", b.counters().evicted());
    g.writeNumberField("rejected", b.counters().rejected());
    g.writeNumberField("quarantined", b.counters().quarantined());
    g.writeEndObject();
    g.writeFieldName("seqStart");
    if (b.seqStart() == null) {
      g.writeNull();
    } else {
      g.writeNumber(b.seqStart());
    }
    g.writeEndObject();
  }

  public static void write(JsonGenerator g, WireReading r) throws IOException {
    g.writeStartObject();
    g.writeNumberField("seq", r.seq());
    g.writeStringField("deviceId", r.deviceId());
    g.writeStringField("point", r.point());
    g.writeStringField("quantity", r.quantity() == null ? null : r.quantity().id());
    value(g, r.value());
    g.writeStringField("unit", r.unit());
    g.writeNumberField("ts", r.ts());
    g.writeStringField("quality", r.quality() == null ? null : r.quality().id());
    g.writeEndObject();
  }

  public static void write(JsonGenerator g, StatusChange s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("seq", s.seq());
    g.writeStringField("deviceId", s.deviceId());
    g.writeStringField("state", s.state() == null ? null : s.state().id());
    g.writeStringField("reason", s.reason());
    g.writeNumberField("ts", s.ts());
    g.writeEndObject();
  }

  public static void write(JsonGenerator g, EdgeEvent e) throws IOException {
    g.writeStartObject();
    g.writeNumberField("seq", e.seq());
    g.writeStringField("deviceId", e.deviceId());
    g.writeStringField("point", e.point());
    g.writeStringField("kind", e.kind());
    value(g, e.value());
    g.writeStringField("limit", e.limit());
    g.writeNumberField("ts", e.ts());
    actions(g, e.actions());
    g.writeEndObject();
  }

  private static void actions(JsonGenerator g, List<EdgeAction> actions) throws IOException {
    g.writeArrayFieldStart("actions");
    for (EdgeAction a : actions) {
      g.writeStartObject();
      g.writeStringField("deviceId", a.deviceId());
      g.writeStringField("point", a.point());
      value(g, a.value());
      g.writeBooleanField("ok", a.ok());
      g.writeStringField("detail", a.detail());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A value as {@link WireJsonModule} writes it: a boolean, a number, or null. */
  private static void value(JsonGenerator g, Value v) throws IOException {
    g.writeFieldName("value");
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Value.Bool b) {
      g.writeBoolean(b.value());
    } else {
      g.writeNumber(v.asDouble());
    }
  }
}
