package org.citysense.profiles.decode;

import com.fasterxml.jackson.databind.JsonNode;
import org.citysense.profiles.model.Value;

/** What a driver hands to the pipeline: the point's raw form, untouched. */
public sealed interface RawValue {

  /** The point's registers as read from the wire, each 0..65535, first register first. */
  record Registers(int[] words) implements RawValue {
    public Registers {
      words = words.clone();
    }

    @Override
    public int[] words() {
      return words.clone();
    }
  }

  /** A coil or discrete input. */
  record Bit(boolean on) implements RawValue {}

  /** A whole frame, already checked by {@link FrameScanner}, header first. */
  record Frame(byte[] bytes) implements RawValue {
    public Frame {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** A parsed JSON document (MQTT payload, CoAP JSON representation). */
  record Json(JsonNode document) implements RawValue {}

  /** A {@code text/plain} representation holding one value. */
  record Text(String text) implements RawValue {}

  /** A value the device hands over already typed (an OPC UA variable), before scale and unit. */
  record Typed(Value value) implements RawValue {}
}
