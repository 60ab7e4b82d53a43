package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.WireCodec;
import org.citysense.testsupport.PeerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpUplinkTest {
  private static final String TOKEN = "gw-token-s3cret";
  private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final WireCodec codec = new WireCodec();
  private final Batch batch = TestItems.batch("gw-1", "gw-1-1-3-abc", 1, 2, 3);
  private final AtomicReference<Request> received = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;

  @TempDir Path dir;

  record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves one answer on 127.0.0.1, any path, recording the request. */
  private URI serve(int status, Map<String, String> headers, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> answer(exchange, status, headers, body));
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange exchange, int status, Map<String, String> headers, String body)
      throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      received.set(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              in.readAllBytes()));
    }
    headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private HttpUplink uplink(URI cloud) {
    return new HttpUplink(cloud, TOKEN, null, TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private UplinkException refusal(int status, Map<String, String> headers, String body)
      throws IOException {
    HttpUplink uplink = uplink(serve(status, headers, body));
    UplinkException e = catchThrowableOfType(() -> uplink.send(batch), UplinkException.class);
    assertThat(e).as("an UplinkException for " + status).isNotNull();
    assertThat(e.getMessage()).doesNotContain(TOKEN);
    return e;
  }

  private static String error(int status, String message, String field) {
    return "{\"status\":"
        + status
        + ",\"error\":\""
        + message
        + "\",\"field\":"
        + (field == null ? "null" : "\"" + field + "\"")
        + "}";
  }

  @Test
  void postsTheBatchAsGzipJsonWithTheBearerTokenAndReadsTheReply() throws Exception {
    URI cloud =
        serve(
            200,
            Map.of(),
            "{\"batchId\":\"gw-1-1-3-abc\",\"stored\":2,\"duplicates\":0,"
                + "\"rejected\":[{\"seq\":3,\"reason\":\"unknown device pm-st01\"}],"
                + "\"clockOffsetMs\":-250,\"clockFlagged\":false,\"newerField\":1}");

    UplinkReply reply = uplink(cloud).send(batch);

    Request request = received.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/ingest");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(codec.decodeGzip(request.body())).isEqualTo(batch);
    assertThat(reply)
        .isEqualTo(
            new UplinkReply(
                2, 0, List.of(new UplinkReply.Rejected(3, "unknown device pm-st01")), -250, false));
  }

  @Test
  void keepsThePathOfTheCloudUri() throws Exception {
    URI cloud = serve(200, Map.of(), "{\"stored\":5,\"duplicates\":0,\"rejected\":[]}");

    new HttpUplink(URI.create(cloud + "/citysense/"), TOKEN, null, TIMEOUT).send(batch);

    assertThat(received.get().path()).isEqualTo("/citysense/api/v1/ingest");
  }

  @Test
  void storageDownIsRetriedAfterTheSecondsTheCloudAsks() throws Exception {
    UplinkException e =
        refusal(
            503,
            Map.of("Retry-After", "30"),
            error(503, "storage is unavailable; send the batch again later", null));

    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).contains("503").contains("storage is unavailable");
  }

  @Test
  void tooManyRequestsIsRetriedAtTheDateTheCloudAsks() throws Exception {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(120).atZone(ZoneOffset.UTC));

    UplinkException e = refusal(429, Map.of("Retry-After", date), "");

    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    assertThat(e.needsPeople()).isFalse();
  }

  @Test
  void readsRetryAfterAsSecondsOrDateAndIgnoresNonsense() {
    assertThat(HttpUplink.retryAfter(" 7 ", NOW)).isEqualTo(Duration.ofSeconds(7));
    assertThat(HttpUplink.retryAfter("Sun, 22 Nov 2026 02:00:00 GMT", NOW))
        .isEqualTo(Duration.ZERO);
    assertThat(HttpUplink.retryAfter("soon", NOW)).isNull();
  }

  @Test
  void anUnknownOrRevokedTokenNeedsPeople() throws Exception {
    UplinkException e = refusal(401, Map.of(), error(401, "unknown or revoked token", null));

    assertThat(e.needsPeople()).isTrue();
    assertThat(e.getMessage())
        .startsWith(
            "the cloud refused the gateway token (401): provision again or check the token file");
  }

  @Test
  void theWrongGatewayNeedsPeople() throws Exception {
    UplinkException e =
        refusal(
            403, Map.of(), error(403, "the token is of gw-2, but the batch of gw-1", "gatewayId"));

    assertThat(e.needsPeople()).isTrue();
    assertThat(e.getMessage()).contains("(403)").contains("gatewayId");
  }

  @Test
  void aBatchTooLargeAsksForSmallerBatches() throws Exception {
    UplinkException e =
        refusal(413, Map.of(), error(413, "the body is larger than 8388608 bytes", null));

    assertThat(e).isInstanceOf(BatchTooLargeException.class);
    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).contains("too large (413)");
  }

  @Test
  void aMalformedBatchNeedsPeopleAndNamesTheField() throws Exception {
    UplinkException e =
        refusal(
            400,
            Map.of(),
            error(400, "must be null when quality is comm_error", "readings[2].value"));

    assertThat(e.needsPeople()).isTrue();
    assertThat(e.getMessage())
        .contains("(400)")
        .contains("readings[2].value: must be null when quality is comm_error");
  }

  @Test
  void aServerErrorIsRetried() throws Exception {
    UplinkException e = refusal(500, Map.of(), "<html>oops</html>");

    assertThat(e.needsPeople()).isFalse();
    assertThat(e.retryAfter()).isNull();
    assertThat(e.getMessage()).contains("(500)").contains("oops");
  }

  @Test
  void anAnswerThatIsNotAReplyIsRetried() throws Exception {
    UplinkException e = refusal(200, Map.of(), "<html>captive portal</html>");

    assertThat(e.needsPeople()).isFalse();
  }

  @Test
  void aRefusedConnectionIsRetried() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HttpUplink uplink = uplink(URI.create("http://127.0.0.1:" + port));

    UplinkException e = catchThrowableOfType(() -> uplink.send(batch), UplinkException.class);

    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).contains("127.0.0.1:" + port).doesNotContain(TOKEN);
  }

  @Test
  void noAnswerWithinTheTimeoutIsRetried() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    HttpUplink uplink =
        new HttpUplink(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            TOKEN,
            null,
            Duration.ofMillis(200));

    UplinkException e = catchThrowableOfType(() -> uplink.send(batch), UplinkException.class);

    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage()).startsWith("no answer from");
  }

  @Test
  void trustsExactlyTheCertificatesOfTheCaFile() throws Exception {
    Path pem = selfSignedServer("cloud");
    URI cloud = URI.create("https://127.0.0.1:" + server.getAddress().getPort());

    HttpUplink uplink = new HttpUplink(cloud, TOKEN, pem, TIMEOUT);
    UplinkReply reply = uplink.send(batch);

    assertThat(reply.stored()).isEqualTo(5);
    assertThat(uplink.tls()).isNotSameAs(HttpsURLConnection.getDefaultSSLSocketFactory());
    assertThat(received.get().header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void refusesACloudCertificateNotInTheCaFile() throws Exception {
    Path other = certificate("other");
    selfSignedServer("cloud");
    URI cloud = URI.create("https://127.0.0.1:" + server.getAddress().getPort());

    UplinkException withOther =
        catchThrowableOfType(
            () -> new HttpUplink(cloud, TOKEN, other, TIMEOUT).send(batch), UplinkException.class);
    UplinkException withJvmTrust =
        catchThrowableOfType(
            () -> new HttpUplink(cloud, TOKEN, null, TIMEOUT).send(batch), UplinkException.class);

    assertThat(withOther.needsPeople()).isTrue();
    assertThat(withOther.getMessage()).contains("TLS").contains("caFile");
    assertThat(withJvmTrust.needsPeople()).isTrue();
    assertThat(received.get()).isNull();
  }

  @Test
  void aPlainHttpCloudGetsNoTlsSetUp() throws Exception {
    // the JVM's default TLS context costs ~530 classes and the CA store parsed (issue 17)
    URI cloud = serve(200, Map.of(), "{\"stored\":5,\"duplicates\":0,\"rejected\":[]}");
    HttpUplink uplink = new HttpUplink(cloud, TOKEN, null, TIMEOUT);

    assertThat(uplink.send(batch).stored()).isEqualTo(5);
    assertThat(uplink.tls()).isNull();
    assertThat(new HttpUplink(URI.create("https://x"), TOKEN, null, TIMEOUT).tls())
        .isSameAs(HttpsURLConnection.getDefaultSSLSocketFactory());
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    UplinkException e = refusal(307, Map.of("Location", "http://127.0.0.1:1/elsewhere"), "");

    assertThat(e.needsPeople()).isTrue();
    assertThat(e.getMessage()).contains("answered 307 instead of a reply");
    assertThat(received.get().path()).isEqualTo("/api/v1/ingest");
  }

  @Test
  void reusesTheConnectionAfterARefusalAndAfterAReply() throws Exception {
    List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          peers.add(exchange.getRemoteAddress());
          boolean first = peers.size() == 1;
          answer(
              exchange,
              first ? 503 : 200,
              Map.of(),
              first
                  ? error(503, "storage is unavailable", null)
                  : "{\"stored\":3,\"duplicates\":0,\"rejected\":[]}");
        });
    server.start();
    HttpUplink uplink = uplink(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));

    assertThat(catchThrowableOfType(() -> uplink.send(batch), UplinkException.class)).isNotNull();
    assertThat(uplink.send(batch).stored()).isEqualTo(3);
    assertThat(uplink.send(batch).stored()).isEqualTo(3);

    // each answer was read to its end, so the JDK's keep-alive cache took the connection back
    assertThat(peers).hasSize(3).containsOnly(peers.get(0));
  }

  @Test
  void closeAbandonsASendWaitingForTheAnswerAtOnceAndRefusesLaterOnes() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes(); // the send now waits for the answer
          arrived.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.start();
    HttpUplink uplink = uplink(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    AtomicReference<UplinkException> failure = new AtomicReference<>();
    Thread sender =
        new Thread(
            () ->
                failure.set(catchThrowableOfType(() -> uplink.send(batch), UplinkException.class)));
    sender.start();
    arrived.await();
    Thread.sleep(200); // for the sender to wait for the answer, as a forwarder's close finds it

    uplink.close();
    sender.join(Duration.ofSeconds(2).toMillis()); // the timeout is 10 s

    assertThat(sender.isAlive()).isFalse();
    assertThat(failure.get().getMessage()).contains("abandoned").doesNotContain(TOKEN);
    assertThat(failure.get().needsPeople()).isFalse();
    assertThat(catchThrowableOfType(() -> uplink.send(batch), UplinkException.class))
        .hasMessageContaining("abandoned");
  }

  @Test
  void anUnknownHostIsRetried() {
    HttpUplink uplink = uplink(URI.create("http://cloud.invalid"));

    UplinkException e = catchThrowableOfType(() -> uplink.send(batch), UplinkException.class);

    assertThat(e.needsPeople()).isFalse();
    assertThat(e.getMessage())
        .startsWith("cannot connect to http://cloud.invalid/api/v1/ingest: unknown host");
  }

  @Test
  void anInterruptedSenderSendsNothingAndStaysInterrupted() throws Exception {
    URI cloud = serve(200, Map.of(), "{\"stored\":5,\"duplicates\":0,\"rejected\":[]}");
    HttpUplink uplink = uplink(cloud);

    Thread.currentThread().interrupt();
    try {
      UplinkException e = catchThrowableOfType(() -> uplink.send(batch), UplinkException.class);

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(e.getMessage()).startsWith("interrupted while sending to");
      assertThat(received.get()).isNull();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void refusesACaFileWithoutCertificates() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

    assertThatThrownBy(() -> new HttpUplink(URI.create("https://x"), TOKEN, empty, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(empty.toString());
  }

  @Test
  void refusesAUriThatIsNotHttp() {
    assertThatThrownBy(() -> new HttpUplink(URI.create("ftp://x"), TOKEN, null, TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://x");
  }

  /** An HTTPS server with a fresh self-signed certificate for 127.0.0.1; returns its PEM. */
  private Path selfSignedServer(String name) throws Exception {
    Path pem = certificate(name);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      keyStore.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    https.createContext(
        "/",
        exchange ->
            answer(exchange, 200, Map.of(), "{\"stored\":5,\"duplicates\":0,\"rejected\":[]}"));
    https.start();
    server = https;
    return pem;
  }

  /** Makes a key pair and self-signed certificate for 127.0.0.1 with keytool; returns its PEM. */
  private Path certificate(String name) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path keyStore = dir.resolve(name + ".p12");
    Path pem = dir.resolve(name + ".pem");
    run(
        keytool,
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "san=ip:127.0.0.1,dns:localhost",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        name,
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "changeit",
        "-file",
        pem.toString());
    return pem;
  }

  private static void run(String... command) throws Exception {
    try (PeerProcess process = PeerProcess.start(List.of(command))) {
      if (!process.awaitExit(Duration.ofSeconds(60)) || process.exitCode() != 0) {
        throw new IllegalStateException(
            "failed: " + String.join(" ", command) + "\n" + process.transcript());
      }
    }
  }
}
