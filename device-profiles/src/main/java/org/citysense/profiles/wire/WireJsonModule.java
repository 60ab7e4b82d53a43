package org.citysense.profiles.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;

/**
 * JSON for the model types that appear on the wire: quantities, qualities and device states by
 * their lower-case ids, values as bare numbers or booleans. Keeps the model free of annotations.
 */
public final class WireJsonModule extends SimpleModule {

  public WireJsonModule() {
    super("citysense-wire-v1");
    addSerializer(Value.class, new ValueSerializer());
    addDeserializer(Value.class, new ValueDeserializer());
    byId(Quantity.class, Quantity::id, Quantity::byId);
    byId(Quality.class, Quality::id, Quality::byId);
    byId(
        DeviceState.class,
        DeviceState::id,
        id -> Arrays.stream(DeviceState.values()).filter(s -> s.id().equals(id)).findFirst());
  }

  private <E extends Enum<E>> void byId(
      Class<E> type, Function<E, String> id, Function<String, Optional<E>> lookup) {
    addSerializer(
        type,
        new JsonSerializer<>() {
          @Override
          public void serialize(E value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(id.apply(value));
          }
        });
    String allowed =
        Arrays.stream(type.getEnumConstants()).map(id).collect(Collectors.joining(", "));
    addDeserializer(
        type,
        new JsonDeserializer<>() {
          @Override
          public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
              throw JsonMappingException.from(p, "expected one of " + allowed);
            }
            String text = p.getText();
            return lookup
                .apply(text)
                .orElseThrow(
                    () ->
                        JsonMappingException.from(p, "\"" + text + "\" is not one of " + allowed));
          }
        });
  }

  private static final class ValueSerializer extends JsonSerializer<Value> {
    @Override
    public void serialize(Value value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      if (value instanceof Value.Bool b) {
        gen.writeBoolean(b.value());
      } else {
        gen.writeNumber(value.asDouble());
      }
    }
  }

  private static final class ValueDeserializer extends JsonDeserializer<Value> {
    @Override
    public Value deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
        return Value.of(p.getBooleanValue());
      }
      if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        return Value.of(p.getDoubleValue());
      }
      throw JsonMappingException.from(p, "must be a number, a boolean or null");
    }
  }
}
