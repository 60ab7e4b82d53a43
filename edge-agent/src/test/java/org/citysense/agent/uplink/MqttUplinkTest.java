package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.citysense.agent.testing.Mosquitto;
import org.citysense.agent.testing.Ports;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.WireCodec;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Mosquitto; a tiny responder plays cloud-ingest's MqttBatchHandler: it reads the
 * batch from {@code citysense/gateways/<id>/batches} and answers on {@code .../replies} with the
 * reply JSON (or an error {@code {batchId, status, error, field, retryAfterSeconds}}).
 */
class MqttUplinkTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static Mosquitto broker;

  @TempDir static Path dir;

  private final WireCodec codec = new WireCodec();
  private final List<byte[]> payloads = new ArrayList<>();
  private final ExecutorService replies = Executors.newSingleThreadExecutor();
  private MqttClient responder;
  private MqttUplink uplink;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = Mosquitto.start(dir);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void stop() throws MqttException {
    if (uplink != null) {
      uplink.close();
    }
    if (responder != null) {
      responder.disconnectForcibly(0, 1000);
      responder.close(true);
    }
    replies.shutdownNow();
  }

  /** Answers each batch with what {@code answers} makes of it: JSON payloads, in order. */
  private void respond(Function<Batch, List<String>> answers) throws MqttException {
    responder = new MqttClient(broker.uri(), "cloud-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    responder.connect(options);
    responder.subscribe(
        "citysense/gateways/+/batches",
        1,
        (topic, message) -> {
          byte[] payload = message.getPayload();
          synchronized (payloads) {
            payloads.add(payload);
          }
          Batch batch = codec.decodeGzip(payload);
          String replyTopic = topic.replace("/batches", "/replies");
          // Paho's callback thread must not block on a publish of its own
          replies.execute(
              () -> {
                for (String answer : answers.apply(batch)) {
                  try {
                    responder.publish(
                        replyTopic, answer.getBytes(StandardCharsets.UTF_8), 1, false);
                  } catch (MqttException e) {
                    throw new IllegalStateException(e);
                  }
                }
              });
        });
  }

  private static String reply(String batchId, int stored) {
    return "{\"batchId\":\""
        + batchId
        + "\",\"stored\":"
        + stored
        + ",\"duplicates\":1,\"rejected\":[{\"seq\":2,\"reason\":\"unknown device pm-st01\"}],"
        + "\"clockOffsetMs\":-75,\"clockFlagged\":false}";
  }

  private MqttUplink uplink(Duration timeout) {
    uplink = new MqttUplink(broker.uri(), "gw-1", null, null, null, timeout);
    return uplink;
  }

  @Test
  void publishesTheGzipBatchAndReturnsTheCloudsReply() throws Exception {
    respond(b -> List.of(reply(b.batchId(), 3)));
    Batch batch = TestItems.batch("gw-1", "gw-1-1-3-aa", 1, 2, 3);

    UplinkReply got = uplink(TIMEOUT).send(batch);

    assertThat(got)
        .isEqualTo(
            new UplinkReply(
                3, 1, List.of(new UplinkReply.Rejected(2, "unknown device pm-st01")), -75, false));
    synchronized (payloads) {
      assertThat(payloads).hasSize(1);
      assertThat(payloads.get(0)[0] & 0xff).isEqualTo(0x1f);
      assertThat(codec.decodeGzip(payloads.get(0))).isEqualTo(batch);
    }
  }

  @Test
  void ignoresRepliesToOtherBatches() throws Exception {
    respond(b -> List.of(reply("gw-1-0-1-old", 99), reply(b.batchId(), 4)));

    UplinkReply got = uplink(TIMEOUT).send(TestItems.batch("gw-1", "gw-1-5-2-bb", 5, 6));

    assertThat(got.stored()).isEqualTo(4);
  }

  @Test
  void sendsBatchAfterBatchOnOneConnection() throws Exception {
    respond(b -> List.of(reply(b.batchId(), b.readings().size())));
    MqttUplink u = uplink(TIMEOUT);

    assertThat(u.send(TestItems.batch("gw-1", "gw-1-1-1-a", 1)).stored()).isEqualTo(1);
    assertThat(u.send(TestItems.batch("gw-1", "gw-1-2-2-b", 2, 3)).stored()).isEqualTo(2);
  }

  @Test
  void storageDownIsRetriedAfterTheSecondsTheCloudAsks() throws Exception {
    respond(
        b ->
            List.of(
                "{\"batchId\":\""
                    + b.batchId()
                    + "\",\"status\":503,\"error\":\"storage is unavailable; send the batch again"
                    + " later\",\"field\":null,\"retryAfterSeconds\":30}"));
    MqttUplink u = uplink(TIMEOUT);

    UplinkException e =
        catchThrowableOfType(
            () -> u.send(TestItems.batch("gw-1", "gw-1-1-1-a", 1)), UplinkException.class);

    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).contains("503").contains("storage is unavailable");
  }

  @Test
  void aPayloadTooLargeForTheCloudAsksForSmallerBatches() throws Exception {
    // the cloud cannot read a batch id from a payload it refuses unread
    respond(
        b ->
            List.of(
                "{\"batchId\":null,\"status\":413,\"error\":\"the payload is larger than 10"
                    + " bytes; send smaller batches\",\"field\":null,\"retryAfterSeconds\":null}"));
    MqttUplink u = uplink(TIMEOUT);

    UplinkException e =
        catchThrowableOfType(
            () -> u.send(TestItems.batch("gw-1", "gw-1-1-1-a", 1)), UplinkException.class);

    assertThat(e).isInstanceOf(BatchTooLargeException.class);
  }

  @Test
  void noReplyWithinTheTimeoutFailsAndTheSameBatchCanBeSentAgain() throws Exception {
    int[] seen = {0};
    respond(b -> ++seen[0] == 1 ? List.of() : List.of(reply(b.batchId(), 1)));
    MqttUplink u = uplink(Duration.ofMillis(500));
    Batch batch = TestItems.batch("gw-1", "gw-1-1-1-a", 1);

    UplinkException e = catchThrowableOfType(() -> u.send(batch), UplinkException.class);

    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).startsWith("no reply for batch gw-1-1-1-a");

    // generous timeout for the resend: the shared machine may be slow
    uplink.close();
    MqttUplink again = uplink(TIMEOUT);
    assertThat(again.send(batch).stored()).isEqualTo(1);
  }

  @Test
  void aBrokerThatIsNotThereIsRetried() throws Exception {
    uplink =
        new MqttUplink(
            "tcp://127.0.0.1:" + Ports.freeTcpPort(),
            "gw-1",
            null,
            null,
            null,
            Duration.ofSeconds(2));

    UplinkException e =
        catchThrowableOfType(
            () -> uplink.send(TestItems.batch("gw-1", "gw-1-1-1-a", 1)), UplinkException.class);

    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).contains("cannot publish batch gw-1-1-1-a");
  }
}
