package org.citysense.agent.uplink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cloud's answers: the ingest reply ({@code batchId, stored, duplicates, rejected,
 * clockOffsetMs, clockFlagged}) and the error bodies ({@code status, error, field}, over MQTT also
 * {@code batchId, retryAfterSeconds}). Lenient: unknown fields are ignored. Streams with
 * jackson-core so that the agent does not load databind for a handful of fields.
 */
final class ReplyJson {
  private static final int MAX_SHOWN = 500;
  private final JsonFactory factory = new JsonFactory();

  /** An answer as read: a reply, or an error with the status HTTP would have used. */
  record Answer(
      String batchId,
      UplinkReply reply,
      int status,
      String error,
      String field,
      Duration retryAfter) {
    boolean isReply() {
      return reply != null;
    }
  }

  /** The fields of either shape, as read; a field that was absent or null stays null. */
  private static final class Fields {
    String batchId;
    boolean hasStored;
    Integer stored;
    Integer duplicates;
    List<UplinkReply.Rejected> rejected = List.of();
    long clockOffsetMs;
    boolean clockFlagged;
    Integer status;
    String error;
    String field;
    Long retryAfterSeconds;
  }

  /**
   * @throws IOException when the bytes are not JSON of either shape
   */
  Answer read(byte[] json) throws IOException {
    Fields f = fields(json);
    if (f.hasStored) {
      return new Answer(f.batchId, reply(f), 200, null, null, null);
    }
    if (f.status != null) {
      Duration retryAfter =
          f.retryAfterSeconds == null ? null : Duration.ofSeconds(Math.max(0, f.retryAfterSeconds));
      return new Answer(f.batchId, null, f.status, f.error, f.field, retryAfter);
    }
    throw new IOException("neither a reply nor an error: " + shown(json));
  }

  private Fields fields(byte[] json) throws IOException {
    Fields f = new Fields();
    try (JsonParser p = factory.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object: " + shown(json));
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        boolean isNull = p.nextToken() == JsonToken.VALUE_NULL;
        switch (name) {
          case "batchId" -> f.batchId = text(p);
          case "stored" -> {
            f.hasStored = true;
            f.stored = wholeNumber(p);
          }
          case "duplicates" -> f.duplicates = wholeNumber(p);
          case "rejected" -> f.rejected = rejected(p);
          case "clockOffsetMs" -> f.clockOffsetMs = p.getValueAsLong();
          case "clockFlagged" -> f.clockFlagged = p.getValueAsBoolean();
          case "status" -> f.status = isNull ? null : p.getValueAsInt();
          case "error" -> f.error = text(p);
          case "field" -> f.field = text(p);
          case "retryAfterSeconds" -> f.retryAfterSeconds = isNull ? null : p.getValueAsLong();
          default -> {}
        }
        p.skipChildren();
      }
    }
    return f;
  }

  private static UplinkReply reply(Fields f) throws IOException {
    if (f.stored == null || f.duplicates == null) {
      throw new IOException("a reply without stored and duplicates counts");
    }
    return new UplinkReply(f.stored, f.duplicates, f.rejected, f.clockOffsetMs, f.clockFlagged);
  }

  /** A number that fits an int (a fraction is cut), or null for anything else. */
  private static Integer wholeNumber(JsonParser p) throws IOException {
    if (!p.currentToken().isNumeric()) {
      return null;
    }
    double d = p.getValueAsDouble();
    return d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE ? Integer.valueOf((int) d) : null;
  }

  private static List<UplinkReply.Rejected> rejected(JsonParser p) throws IOException {
    List<UplinkReply.Rejected> rejected = new ArrayList<>();
    if (p.currentToken() != JsonToken.START_ARRAY) {
      return rejected;
    }
    while (p.nextToken() != JsonToken.END_ARRAY) {
      long seq = 0;
      String reason = null;
      if (p.currentToken() == JsonToken.START_OBJECT) {
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
          p.nextToken();
          if (name.equals("seq")) {
            seq = p.getValueAsLong();
          } else if (name.equals("reason")) {
            reason = text(p);
          }
          p.skipChildren();
        }
      } else {
        p.skipChildren();
      }
      rejected.add(new UplinkReply.Rejected(seq, reason));
    }
    return rejected;
  }

  /** A scalar's text; null for null, an object or an array. */
  private static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    return t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getText() : null;
  }

  /** The reply in a 200 answer. */
  UplinkReply reply(byte[] json) throws IOException {
    Answer answer = read(json);
    if (!answer.isReply()) {
      throw new IOException("not an ingest reply: " + shown(json));
    }
    return answer.reply();
  }

  /** An error body's message and field, or the body itself when it is not the cloud's JSON. */
  Answer error(int status, byte[] body) {
    try {
      Answer answer = read(body);
      if (!answer.isReply()) {
        return new Answer(answer.batchId(), null, status, answer.error(), answer.field(), null);
      }
    } catch (IOException e) {
      // a proxy's page, most likely
    }
    return new Answer(null, null, status, shown(body), null, null);
  }

  /** The start of a body, for messages. */
  static String shown(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
  }
}
