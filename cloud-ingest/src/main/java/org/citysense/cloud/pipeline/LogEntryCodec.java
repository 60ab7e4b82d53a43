package org.citysense.cloud.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.citysense.cloud.ingest.Accepted;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;

/**
 * An entry's items as stored in a log: the wire format's own JSON of readings, status changes and
 * edge events, gzip'd (a batch of 500 readings is some 60 KB of JSON, 5 KB gzip'd).
 */
public final class LogEntryCodec {
  private final ObjectMapper json = new WireCodec().mapper();

  /** What a log row holds besides the gateway and the time, which have columns of their own. */
  private record Items(
      List<WireReading> readings, List<StatusChange> statusChanges, List<EdgeEvent> edgeEvents) {}

  public byte[] encode(Accepted accepted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      json.writeValue(
          out, new Items(accepted.readings(), accepted.statusChanges(), accepted.edgeEvents()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a log entry of " + accepted.gatewayId(), e);
    }
    return bytes.toByteArray();
  }

  public Accepted decode(String gatewayId, Instant acceptedAt, byte[] payload) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
      Items items = json.readValue(in, Items.class);
      return new Accepted(
          gatewayId, acceptedAt, items.readings(), items.statusChanges(), items.edgeEvents());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a log entry of " + gatewayId, e);
    }
  }
}
