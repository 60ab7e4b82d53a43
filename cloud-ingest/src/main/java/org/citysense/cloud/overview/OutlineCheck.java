package org.citysense.cloud.overview;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.citysense.cloud.registry.FieldException;

/**
 * Checks an uploaded unit outline: GeoJSON (RFC 7946), a Feature whose geometry is a Polygon or a
 * MultiPolygon, or such a geometry alone; every ring closed, of at least four positions, each
 * [longitude, latitude] within range. Answers the geometry alone, compact, for storing; a problem
 * names its field as a path, e.g. {@code geometry.coordinates[0][2]}.
 */
public final class OutlineCheck {
  private final ObjectMapper json;
  private final int maxBytes;

  public OutlineCheck(ObjectMapper json, int maxBytes) {
    this.json = json;
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  /**
   * @return the geometry as compact JSON
   * @throws FieldException naming what is wrong
   * @throws OutlineTooLargeException when the text exceeds the limit
   */
  public String geometry(String text) {
    if (text == null || text.isBlank()) {
      throw new FieldException("body", "empty; send a GeoJSON Feature or geometry");
    }
    // a character is at least one byte: only a long text needs counting in UTF-8
    if (text.length() > maxBytes / 4 && text.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
      throw new OutlineTooLargeException(maxBytes);
    }
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new FieldException(
          "body", "not JSON (line " + e.getLocation().getLineNr() + "); send GeoJSON");
    }
    String prefix = "";
    JsonNode geometry = root;
    if (root != null && "Feature".equals(text(root.get("type")))) {
      geometry = root.get("geometry");
      prefix = "geometry.";
      if (geometry == null || !geometry.isObject()) {
        throw new FieldException("geometry", "missing; a Feature needs a Polygon or MultiPolygon");
      }
    }
    if (geometry == null || !geometry.isObject()) {
      throw new FieldException("body", "not a JSON object; send a GeoJSON Feature or geometry");
    }
    String type = text(geometry.get("type"));
    JsonNode coordinates = geometry.get("coordinates");
    if (!"Polygon".equals(type) && !"MultiPolygon".equals(type)) {
      throw new FieldException(
          prefix + "type",
          (type == null ? "missing" : "\"" + type + "\"")
              + "; an outline is a Feature, a Polygon or a MultiPolygon");
    }
    String field = prefix + "coordinates";
    if (coordinates == null || !coordinates.isArray() || coordinates.isEmpty()) {
      throw new FieldException(field, "missing or empty; a " + type + " needs rings");
    }
    if ("Polygon".equals(type)) {
      polygon(coordinates, field);
    } else {
      for (int i = 0; i < coordinates.size(); i++) {
        polygon(coordinates.get(i), field + "[" + i + "]");
      }
    }
    return json.createObjectNode().put("type", type).set("coordinates", coordinates).toString();
  }

  private static void polygon(JsonNode rings, String field) {
    if (!rings.isArray() || rings.isEmpty()) {
      throw new FieldException(field, "must be a list of rings, the outer one first");
    }
    for (int r = 0; r < rings.size(); r++) {
      ring(rings.get(r), field + "[" + r + "]");
    }
  }

  private static void ring(JsonNode ring, String field) {
    if (!ring.isArray() || ring.size() < 4) {
      throw new FieldException(field, "a ring needs at least 4 positions, the last as the first");
    }
    for (int p = 0; p < ring.size(); p++) {
      JsonNode pos = ring.get(p);
      String at = field + "[" + p + "]";
      if (!pos.isArray() || pos.size() < 2 || !pos.get(0).isNumber() || !pos.get(1).isNumber()) {
        throw new FieldException(at, "must be [longitude, latitude] in degrees");
      }
      double lon = pos.get(0).asDouble();
      double lat = pos.get(1).asDouble();
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
        throw new FieldException(
            at, "[" + lon + ", " + lat + "] is not [longitude −180..180, latitude −90..90]");
      }
    }
    JsonNode first = ring.get(0);
    JsonNode last = ring.get(ring.size() - 1);
    if (first.get(0).asDouble() != last.get(0).asDouble()
        || first.get(1).asDouble() != last.get(1).asDouble()) {
      throw new FieldException(field, "not closed; its last position must repeat its first");
    }
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }
}
