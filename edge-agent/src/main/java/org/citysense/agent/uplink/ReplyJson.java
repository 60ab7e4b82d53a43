package org.citysense.agent.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cloud's answers: the ingest reply ({@code batchId, stored, duplicates, rejected,
 * clockOffsetMs, clockFlagged}) and the error bodies ({@code status, error, field}, over MQTT also
 * {@code batchId, retryAfterSeconds}). Lenient: unknown fields are ignored.
 */
final class ReplyJson {
  private static final int MAX_SHOWN = 500;
  private final ObjectMapper mapper = new ObjectMapper();

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

  /**
   * @throws IOException when the bytes are not JSON of either shape
   */
  Answer read(byte[] json) throws IOException {
    JsonNode n = mapper.readTree(json);
    if (n == null || !n.isObject()) {
      throw new IOException("not a JSON object: " + shown(json));
    }
    String batchId = text(n, "batchId");
    if (n.has("stored")) {
      return new Answer(batchId, reply(n), 200, null, null, null);
    }
    if (n.hasNonNull("status")) {
      Duration retryAfter =
          n.hasNonNull("retryAfterSeconds")
              ? Duration.ofSeconds(Math.max(0, n.get("retryAfterSeconds").asLong()))
              : null;
      return new Answer(
          batchId, null, n.get("status").asInt(), text(n, "error"), text(n, "field"), retryAfter);
    }
    throw new IOException("neither a reply nor an error: " + shown(json));
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

  private static UplinkReply reply(JsonNode n) throws IOException {
    if (!n.path("stored").canConvertToInt() || !n.path("duplicates").canConvertToInt()) {
      throw new IOException("a reply without stored and duplicates counts");
    }
    List<UplinkReply.Rejected> rejected = new ArrayList<>();
    for (JsonNode r : n.path("rejected")) {
      rejected.add(new UplinkReply.Rejected(r.path("seq").asLong(), text(r, "reason")));
    }
    return new UplinkReply(
        n.get("stored").asInt(),
        n.get("duplicates").asInt(),
        rejected,
        n.path("clockOffsetMs").asLong(),
        n.path("clockFlagged").asBoolean());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The start of a body, for messages. */
  static String shown(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
  }
}
