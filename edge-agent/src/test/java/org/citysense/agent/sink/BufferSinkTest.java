package org.citysense.agent.sink;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.profiles.wire.WireReading;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BufferSink} on a quiet gateway, against a local HTTP cloud: an alarm goes out as soon as
 * it is on disk, not after the forwarder's linger. The linger here is ten minutes, so an alarm that
 * arrived at all within the wait had to be sent by the wake-up.
 */
class BufferSinkTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final WireCodec codec = new WireCodec();
  private final List<Batch> received = new CopyOnWriteArrayList<>();
  private HttpServer cloud;
  private BufferSink sink;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (sink != null) {
      sink.close();
    }
    if (cloud != null) {
      cloud.stop(0);
    }
  }

  @Test
  void anAlarmIsSentOnceSyncedWithoutWaitingOutTheLinger() throws Exception {
    sink = open();
    // the forwarder's first look finds an empty buffer and settles into its ten-minute linger
    Thread.sleep(300);

    sink.reading(reading(1, 35.0), true);

    Poll.until(
        "the alarm to reach the cloud",
        WAIT,
        () -> received.stream().anyMatch(b -> hasSeq(b, 1)),
        () -> "received: " + received);
  }

  @Test
  void anAlarmTakesTheOrdinaryReadingsBeforeItAlong() throws Exception {
    sink = open();
    Thread.sleep(300);

    sink.reading(reading(1, 5.0), false);
    sink.reading(reading(2, 36.0), true);

    // the alarm's wake-up takes the earlier, ordinary reading along in the same batch
    Poll.until(
        "both readings to reach the cloud",
        WAIT,
        () -> received.stream().anyMatch(b -> hasSeq(b, 1) && hasSeq(b, 2)),
        () -> "received: " + received);
  }

  private BufferSink open() throws IOException {
    cloud = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cloud.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            if ("gzip".equalsIgnoreCase(encoding)) {
              body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            Batch batch = codec.decode(body);
            received.add(batch);
            byte[] answer =
                ("{\"stored\":" + batch.readings().size() + ",\"duplicates\":0,\"rejected\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
          } catch (RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
          } finally {
            exchange.close();
          }
        });
    cloud.start();
    Files.writeString(dir.resolve("token"), "gw-token");
    String yaml =
        "gateway: {id: gw-1}\n"
            + "cloud: {url: 'http://127.0.0.1:"
            + cloud.getAddress().getPort()
            + "', tokenFile: token, linger: 10m}\n"
            + "devices: []\n";
    AgentConfig config = new AgentConfigLoader().parse("agent.yaml", yaml, dir).config();
    return BufferSink.open(
        config, "gw-token", new GatewayClock(true, "ntp", 1), Clock.systemUTC(), 1);
  }

  private static boolean hasSeq(Batch batch, long seq) {
    return batch.readings().stream().anyMatch(r -> r.seq() == seq);
  }

  private static WireReading reading(long seq, double lel) {
    return new WireReading(
        seq,
        "gas-1",
        "gas",
        Quantity.GAS,
        Value.of(lel),
        "%LEL",
        System.currentTimeMillis(),
        Quality.GOOD);
  }
}
