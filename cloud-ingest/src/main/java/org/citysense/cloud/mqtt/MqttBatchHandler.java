package org.citysense.cloud.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.citysense.cloud.ingest.BatchTooLargeException;
import org.citysense.cloud.ingest.GatewayMismatchException;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.IngestService;
import org.citysense.cloud.registry.GatewayContacts;
import org.citysense.cloud.store.Outage;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireFormatException;
import org.jboss.logging.Logger;

/**
 * One MQTT message from a gateway: the gateway is the one in the topic (the broker's ACL lets each
 * gateway publish only on its own topic), the payload a wire-format v1 batch, JSON, gzip-compressed
 * when it starts with gzip's magic bytes. The batch goes through the same {@link IngestService} as
 * over HTTP; the answer is the {@link IngestReply} or a {@link MqttError}, for the gateway's reply
 * topic. Plain Java: the messaging connector only hands topics and bytes in and out.
 */
public final class MqttBatchHandler {
  private static final Logger LOG = Logger.getLogger(MqttBatchHandler.class);
  private static final Pattern TOPIC = Pattern.compile("citysense/gateways/([^/+#]+)/batches");
  static final int RETRY_AFTER_SECONDS = Outage.RETRY_AFTER_SECONDS;

  private final IngestService ingest;
  private final ObjectMapper json;
  private final WireCodec codec = new WireCodec();
  private final int maxPayloadBytes;
  private final GatewayContacts contacts;
  private final String database;
  private final Predicate<String> activeGateway;

  /** What to publish, and where. */
  public record Reply(String topic, byte[] payload) {}

  /**
   * @param database what to call the relational database when it is away, see {@link
   *     Outage#databaseName}
   * @param activeGateway whether a gateway still holds a token not revoked: the broker's account
   *     alone is not taken as proof
   */
  public MqttBatchHandler(
      IngestService ingest,
      ObjectMapper json,
      int maxPayloadBytes,
      GatewayContacts contacts,
      String database,
      Predicate<String> activeGateway) {
    this.activeGateway = activeGateway;
    this.ingest = ingest;
    this.database = database;
    this.contacts = contacts;
    this.json = json;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The gateway a batch topic belongs to, or empty when the topic is not a batch topic. */
  public static Optional<String> gatewayOf(String topic) {
    Matcher m = TOPIC.matcher(topic == null ? "" : topic);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * @return the reply for the gateway, empty when the topic names no gateway (nobody to answer)
   */
  public Optional<Reply> handle(String topic, byte[] payload, Instant now) {
    Optional<String> gateway = gatewayOf(topic);
    if (gateway.isEmpty()) {
      LOG.warnf("ignoring a message on a topic that is not a batch topic [topic: %s]", topic);
      return Optional.empty();
    }
    String gatewayId = gateway.get();
    String replyTopic = "citysense/gateways/" + gatewayId + "/replies";
    String batchId = null;
    Object answer;
    try {
      Batch batch = codec.decode(unpack(payload));
      batchId = batch.batchId();
      if (!gatewayId.equals(batch.gatewayId())) {
        throw new GatewayMismatchException(gatewayId, batch.gatewayId());
      }
      if (!activeGateway.test(gatewayId)) {
        LOG.warnf("refusing a batch of a gateway without a valid token [gateway: %s]", gatewayId);
        return Optional.of(
            new Reply(
                replyTopic,
                toJson(
                    new MqttError(
                        batchId,
                        401,
                        "gateway "
                            + gatewayId
                            + " holds no valid token (revoked?); nothing stored. Enroll it again"
                            + " or issue it a new token",
                        null,
                        null))));
      }
      IngestReply reply = ingest.ingest(gatewayId, batch, now);
      contacts.record(
          gatewayId,
          now,
          reply.clockOffsetMs(),
          reply.clockFlagged(),
          batch.counters(),
          batch.seqStart());
      answer = reply;
    } catch (WireFormatException e) {
      answer =
          new MqttError(batchId, 400, e.getMessage(), e.field().isEmpty() ? null : e.field(), null);
    } catch (GatewayMismatchException e) {
      answer =
          new MqttError(
              batchId,
              403,
              "the topic is of gateway " + gatewayId + ", but " + e.getMessage().split(", but ")[1],
              "gatewayId",
              null);
    } catch (BatchTooLargeException e) {
      answer = new MqttError(batchId, 413, e.getMessage(), null, null);
    } catch (PayloadException e) {
      answer = new MqttError(null, e.status, e.getMessage(), null, null);
    } catch (RuntimeException e) {
      answer = failed(gatewayId, batchId, e);
    }
    return Optional.of(new Reply(replyTopic, toJson(answer)));
  }

  /** A store away is 503 with when to send again, as over HTTP; anything else is ours: 500. */
  private MqttError failed(String gatewayId, String batchId, RuntimeException e) {
    Optional<Outage> outage = Outage.of(e, database);
    if (outage.isPresent()) {
      LOG.warnf(
          "%s unavailable [gateway: %s]: %s", outage.get().store(), gatewayId, e.getMessage());
      return new MqttError(
          batchId,
          503,
          outage.get().message("send the batch again later"),
          null,
          RETRY_AFTER_SECONDS);
    }
    LOG.errorf(e, "unexpected error on an MQTT batch [gateway: %s]", gatewayId);
    return new MqttError(batchId, 500, "internal error; see the service log", null, null);
  }

  private byte[] toJson(Object answer) {
    try {
      return json.writeValueAsBytes(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a reply as JSON", e);
    }
  }

  /** The JSON of the payload: as is, or inflated when gzip (bounded against zip bombs). */
  private byte[] unpack(byte[] payload) {
    if (payload.length > maxPayloadBytes) {
      throw new PayloadException(
          413, "the payload is larger than " + maxPayloadBytes + " bytes; send smaller batches");
    }
    if (payload.length < 2 || (payload[0] & 0xff) != 0x1f || (payload[1] & 0xff) != 0x8b) {
      return payload;
    }
    long limit = 10L * maxPayloadBytes;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        if (out.size() > limit) {
          throw new PayloadException(
              413, "the uncompressed payload is larger than " + limit + " bytes");
        }
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new PayloadException(400, "the payload is not valid gzip (" + e.getMessage() + ")");
    }
  }

  private static final class PayloadException extends RuntimeException {
    private final int status;

    PayloadException(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
