package org.citysense.profiles.wire;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/**
 * Reads wire records with jackson-core's streaming parser, as {@link WireCodec}'s databind mapper
 * reads them: unknown fields skipped, missing texts and ids null, missing numbers refused, ids
 * checked. Only records, no validation: for the edge agent's own buffer, which must not load
 * databind. Each method starts at the record's {@code START_OBJECT} and ends at its {@code
 * END_OBJECT}.
 */
public final class WireReader {
  private WireReader() {}

  public static WireReading reading(JsonParser p) throws IOException {
    Long seq = null;
    Long ts = null;
    String deviceId = null;
    String point = null;
    String unit = null;
    Quantity quantity = null;
    Quality quality = null;
    Value value = null;
    for (String field = start(p); field != null; field = next(p)) {
      switch (field) {
        case "seq" -> seq = number(p);
        case "deviceId" -> deviceId = text(p);
        case "point" -> point = text(p);
        case "quantity" -> quantity = byId(p, Quantity::byId);
        case "value" -> value = value(p);
        case "unit" -> unit = text(p);
        case "ts" -> ts = number(p);
        case "quality" -> quality = byId(p, Quality::byId);
        default -> p.skipChildren();
      }
    }
    return new WireReading(
        required(p, "seq", seq),
        deviceId,
        point,
        quantity,
        value,
        unit,
        required(p, "ts", ts),
        quality);
  }

  public static StatusChange statusChange(JsonParser p) throws IOException {
    Long seq = null;
    Long ts = null;
    String deviceId = null;
    String reason = null;
    DeviceState state = null;
    for (String field = start(p); field != null; field = next(p)) {
      switch (field) {
        case "seq" -> seq = number(p);
        case "deviceId" -> deviceId = text(p);
        case "state" -> state = byId(p, WireReader::state);
        case "reason" -> reason = text(p);
        case "ts" -> ts = number(p);
        default -> p.skipChildren();
      }
    }
    return new StatusChange(
        required(p, "seq", seq), deviceId, state, reason, required(p, "ts", ts));
  }

  public static EdgeEvent edgeEvent(JsonParser p) throws IOException {
    Long seq = null;
    Long ts = null;
    String deviceId = null;
    String point = null;
    String kind = null;
    String limit = null;
    Value value = null;
    List<EdgeAction> actions = null;
    for (String field = start(p); field != null; field = next(p)) {
      switch (field) {
        case "seq" -> seq = number(p);
        case "deviceId" -> deviceId = text(p);
        case "point" -> point = text(p);
        case "kind" -> kind = text(p);
        case "value" -> value = value(p);
        case "limit" -> limit = text(p);
        case "ts" -> ts = number(p);
        case "actions" -> actions = actions(p);
        default -> p.skipChildren();
      }
    }
    return new EdgeEvent(
        required(p, "seq", seq),
        deviceId,
        point,
        kind,
        value,
        limit,
        required(p, "ts", ts),
        actions);
  }

  private static List<EdgeAction> actions(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, JsonToken.START_ARRAY, "an array of actions");
    List<EdgeAction> actions = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      actions.add(action(p));
    }
    return actions;
  }

  private static EdgeAction action(JsonParser p) throws IOException {
    String deviceId = null;
    String point = null;
    String detail = null;
    Value value = null;
    Boolean ok = null;
    for (String field = start(p); field != null; field = next(p)) {
      switch (field) {
        case "deviceId" -> deviceId = text(p);
        case "point" -> point = text(p);
        case "value" -> value = value(p);
        case "ok" -> ok = flag(p);
        case "detail" -> detail = text(p);
        default -> p.skipChildren();
      }
    }
    return new EdgeAction(deviceId, point, value, required(p, "ok", ok), detail);
  }

  /** Checks that the parser is at an object and moves to its first field name: null for none. */
  private static String start(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "an object");
    return next(p);
  }

  /** The next field's name, with the parser at its value; null at the object's end. */
  private static String next(JsonParser p) throws IOException {
    String name = p.nextFieldName();
    if (name == null) {
      expect(p, JsonToken.END_OBJECT, "a field or the end of the object");
      return null;
    }
    p.nextToken();
    return name;
  }

  /** A number or flag that must be there: databind refuses a missing primitive as null. */
  private static <T> T required(JsonParser p, String field, T value) throws IOException {
    if (value == null) {
      throw new JsonParseException(p, field + " is missing");
    }
    return value;
  }

  private static long number(JsonParser p) throws IOException {
    if (!p.currentToken().isNumeric()) {
      throw problem(p, "must be a number");
    }
    return p.getValueAsLong();
  }

  private static boolean flag(JsonParser p) throws IOException {
    if (!p.currentToken().isBoolean()) {
      throw problem(p, "must be true or false");
    }
    return p.getBooleanValue();
  }

  private static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (!t.isScalarValue()) {
      throw problem(p, "must be a string");
    }
    return p.getText();
  }

  /** A value as {@link WireJsonModule} reads it: a boolean, a number, or null. */
  private static Value value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isBoolean()) {
      return Value.of(p.getBooleanValue());
    }
    if (t.isNumeric()) {
      return Value.of(p.getDoubleValue());
    }
    throw problem(p, "must be a number, a boolean or null");
  }

  private static <E> E byId(JsonParser p, Function<String, Optional<E>> lookup) throws IOException {
    String id = text(p);
    if (id == null) {
      return null;
    }
    return lookup.apply(id).orElseThrow(() -> problem(p, "\"" + id + "\" is not a known id"));
  }

  private static Optional<DeviceState> state(String id) {
    return Arrays.stream(DeviceState.values()).filter(s -> s.id().equals(id)).findFirst();
  }

  private static void expect(JsonParser p, JsonToken token, String what) throws IOException {
    if (p.currentToken() != token) {
      throw problem(p, "expected " + what + ", found " + p.currentToken());
    }
  }

  private static JsonParseException problem(JsonParser p, String message) {
    String field = p.getParsingContext().getCurrentName();
    return new JsonParseException(p, field == null ? message : field + ": " + message);
  }
}
