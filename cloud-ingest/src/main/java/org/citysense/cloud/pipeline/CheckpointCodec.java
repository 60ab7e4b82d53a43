package org.citysense.cloud.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.citysense.cloud.evaluate.RuleEngine;
import org.jboss.logging.Logger;

/**
 * The rules' state in a checkpoint: gzip'd JSON, {@code {"rules": {"<id>": {"definition": "...",
 * "state": {...}}}}}, each rule's state as its evaluator's record (instants as ISO-8601 text, exact
 * to the nanosecond). A rule's state is restored only to a rule defined the same way; one that
 * cannot be read (a changed record after an upgrade) is skipped with a warning and that rule starts
 * afresh.
 */
public final class CheckpointCodec {
  private static final Logger LOG = Logger.getLogger(CheckpointCodec.class);

  private final ObjectMapper json =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  public byte[] encode(Map<String, RuleEngine.RuleState> states) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      json.writeValue(out, Map.of("rules", states));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rules' checkpoint", e);
    }
    return bytes.toByteArray();
  }

  /** The states in {@code bytes}, for {@link RuleEngine#restore}. */
  public RuleEngine.StateSource decode(byte[] bytes) {
    JsonNode rules;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      rules = json.readTree(in).path("rules");
    } catch (IOException e) {
      LOG.warnf("the rules' checkpoint is not readable, every rule starts afresh: %s", e);
      return RuleEngine.StateSource.NONE;
    }
    return new RuleEngine.StateSource() {
      @Override
      public <S> Optional<S> state(String ruleId, String definition, Class<S> type) {
        JsonNode rule = rules.path(ruleId);
        if (!(rule instanceof ObjectNode) || !definition.equals(rule.path("definition").asText())) {
          return Optional.empty();
        }
        try {
          return Optional.of(json.treeToValue(rule.path("state"), type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          LOG.warnf("the state of rule %s is not readable, it starts afresh: %s", ruleId, e);
          return Optional.empty();
        }
      }
    };
  }
}
