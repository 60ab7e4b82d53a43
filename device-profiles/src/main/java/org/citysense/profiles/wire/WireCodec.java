package org.citysense.profiles.wire;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes wire format v1 batches as JSON, optionally gzip-compressed. Unknown fields are
 * ignored so that newer gateways can add some; every known field is checked by {@link
 * WireValidator}.
 */
public final class WireCodec {
  private final ObjectMapper mapper;

  public WireCodec() {
    this.mapper =
        JsonMapper.builder()
            .addModule(new WireJsonModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  /** The mapper, configured for wire types, for callers that embed wire records in other JSON. */
  public ObjectMapper mapper() {
    return mapper;
  }

  public byte[] encode(Batch batch) {
    try {
      return mapper.writeValueAsBytes(batch);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode batch " + batch.batchId(), e);
    }
  }

  public byte[] encodeGzip(Batch batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(encode(batch));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decodes a JSON body. */
  public Batch decode(byte[] json) {
    return decode(new ByteArrayInputStream(json));
  }

  /** Decodes a body sent with {@code Content-Encoding: gzip}. */
  public Batch decodeGzip(byte[] body) {
    try {
      return decode(new GZIPInputStream(new ByteArrayInputStream(body)));
    } catch (ZipException e) {
      throw new WireFormatException("", "the body is not valid gzip (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new WireFormatException("", "the body is not valid gzip (" + e.getMessage() + ")");
    }
  }

  /** Decodes and validates a body; every problem is a {@link WireFormatException}. */
  public Batch decode(InputStream body) {
    Batch batch;
    try {
      batch = mapper.readValue(body, Batch.class);
    } catch (JsonMappingException e) {
      throw new WireFormatException(path(e), cleanMessage(e));
    } catch (JacksonException e) {
      // some, such as a broken stream constraint, come without a location
      JsonLocation at = e.getLocation();
      throw new WireFormatException(
          "",
          "malformed JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (ZipException e) {
      throw new WireFormatException("", "the body is not valid gzip (" + e.getMessage() + ")");
    } catch (CharConversionException e) {
      // Jackson guessed UTF-16/32 from the first bytes and then met an impossible character
      throw new WireFormatException("", "the body is not JSON in UTF-8 (" + e.getMessage() + ")");
    } catch (EOFException e) {
      // a gzip body cut short ends the inflater's input early: the sender's fault, not ours
      throw new WireFormatException("", "the body ends early (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (batch == null) {
      throw new WireFormatException("", "the body is empty");
    }
    WireValidator.validate(batch).stream()
        .findFirst()
        .ifPresent(
            p -> {
              throw p;
            });
    return batch;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static String cleanMessage(JsonMappingException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("No content to map")) {
      return "the body is empty";
    }
    if (message.startsWith("Cannot construct instance") || message.contains("problem:")) {
      Throwable cause = e.getCause();
      return cause != null && cause.getMessage() != null ? cause.getMessage() : "has a bad value";
    }
    if (message.startsWith("Cannot deserialize value of type")) {
      return "has the wrong type ("
          + message.replaceFirst("^Cannot deserialize value of type `([^`]*)`.*$", "expected $1")
          + ")";
    }
    if (message.startsWith("Cannot map `null` into type")) {
      return "must not be null";
    }
    if (message.startsWith("Non-standard token")) {
      // NaN or Infinity spelled out: Jackson's own message would tell the sender to reconfigure us
      return "NaN and Infinity are not JSON numbers; send a finite number";
    }
    return message;
  }
}
