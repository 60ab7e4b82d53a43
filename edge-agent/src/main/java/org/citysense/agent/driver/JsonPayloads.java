package org.citysense.agent.driver;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses what a device sends as JSON (an MQTT payload, a CoAP representation) into the document the
 * one decoder reads. Only a single JSON object counts: a bare number, trailing bytes or an empty
 * payload are garbage.
 */
public final class JsonPayloads {
  private static final int MAX_QUOTED = 64;

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * @throws IOException saying what is wrong, quoting the start of the payload
   */
  public JsonNode object(byte[] payload) throws IOException {
    JsonNode document;
    try {
      document = mapper.readTree(payload);
    } catch (JacksonException e) {
      throw new IOException("payload is not JSON: " + quote(payload), e);
    }
    if (document == null || !document.isObject()) {
      throw new IOException("payload is not a JSON object: " + quote(payload));
    }
    return document;
  }

  /** The start of a payload, printable, for a log line or a failure message. */
  public static String quote(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    String shown = text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\" (" + payload.length + " bytes)";
  }
}
