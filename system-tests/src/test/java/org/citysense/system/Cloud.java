package org.citysense.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.citysense.testsupport.ChildProcess;
import org.citysense.testsupport.Poll;

/**
 * cloud-ingest as its own process, started by its launcher {@code bin/cloud-ingest} (which execs
 * the JVM, so the process is the JVM: SIGKILL reaches it) on the quarkus-app the reactor built:
 * port 0 (the port is read from its log), its data dir in the test's folder (embedded H2 and
 * reading store unless the extra environment says otherwise), an admin token of the test's
 * choosing, and the extra environment the test gives (the clock, production mode). Talks to it over
 * its API as an admin.
 */
final class Cloud implements AutoCloseable {
  static final Path APP = Path.of("../cloud-ingest/target/quarkus-app/quarkus-run.jar");
  static final Path LAUNCHER = Path.of("../bin/cloud-ingest");
  private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final ChildProcess process;
  private final String admin;
  private int port;

  private Cloud(ChildProcess process, String admin) {
    this.process = process;
    this.admin = admin;
  }

  /**
   * Starts the cloud and waits until it is ready.
   *
   * @param env extra environment, e.g. the {@code CITYSENSE_CLOCK_*} or {@code CITYSENSE_NOTIFY_*}
   *     variables; may be empty
   */
  static Cloud start(Path dir, Map<String, String> env) throws Exception {
    return start(dir, env, "admin-" + UUID.randomUUID());
  }

  /**
   * As {@link #start(Path, Map)} with a given admin token: a restart on a database that holds it
   * already must use the same one, since the token is only stored while no token exists.
   */
  static Cloud start(Path dir, Map<String, String> extraEnv, String admin) throws Exception {
    if (!Files.isRegularFile(APP)) {
      throw new AssertionError(
          APP.toAbsolutePath() + " is missing: build cloud-ingest first (the reactor does it)");
    }
    Path data = Files.createDirectories(dataDir(dir));
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("QUARKUS_HTTP_PORT", "0");
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("CITYSENSE_DATA_DIR", data.toString());
    env.put("CITYSENSE_ADMIN_TOKEN", admin);
    env.putIfAbsent("CLOUD_INGEST_JAVA_OPTS", "-Xmx512m");
    // the launcher runs the java on PATH: this test's own
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    List<String> command = List.of(LAUNCHER.toAbsolutePath().normalize().toString());
    // a restart appends to the same log: look for the port only in what this run writes
    Path log = dir.resolve("logs").resolve("cloud.out");
    int logStart = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).length() : 0;
    ChildProcess process = ChildProcess.start("cloud", command, env, dir, dir.resolve("logs"));
    try {
      Cloud cloud = new Cloud(process, admin);
      cloud.awaitReady(logStart);
      return cloud;
    } catch (Throwable e) {
      process.close();
      throw e;
    }
  }

  private void awaitReady(int logStart) throws InterruptedException {
    Poll.until(
        "cloud-ingest says where it listens",
        Duration.ofSeconds(180),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("cloud-ingest ended\n" + process.tails());
          }
          Matcher m = LISTENING.matcher(process.stdout().substring(logStart));
          if (m.find()) {
            port = Integer.parseInt(m.group(1));
            return true;
          }
          return false;
        },
        process::tails);
    Poll.until(
        "cloud-ingest ready",
        Duration.ofSeconds(120),
        () -> status("GET", "/q/health/ready", null) == 200,
        process::tails);
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The cloud's data dir (rules, and the embedded databases when they are in use). */
  static Path dataDir(Path dir) {
    return dir.resolve("cloud-data");
  }

  String tails() {
    return process.tails();
  }

  /** The admin token it was started with. */
  String adminToken() {
    return admin;
  }

  /** A unit tree (district, street, community) and a gateway in the community; its id. */
  String gateway(String community, String name) throws IOException, InterruptedException {
    community(community);
    return post("/api/v1/gateways", Map.of("unitId", community, "name", name)).get("id").asText();
  }

  /** The unit tree of {@code community} (district, street, community), made when missing. */
  void community(String community) throws IOException, InterruptedException {
    if (status("GET", "/api/v1/units/" + community, null) == 404) {
      post("/api/v1/units", Map.of("id", "d-" + community, "level", "district", "name", "D"));
      post(
          "/api/v1/units",
          Map.of(
              "id",
              "s-" + community,
              "parentId",
              "d-" + community,
              "level",
              "street",
              "name",
              "S"));
      post(
          "/api/v1/units",
          Map.of("id", community, "parentId", "s-" + community, "level", "community", "name", "C"));
    }
  }

  /** A gateway token's secret. */
  String gatewayToken(String gatewayId) throws IOException, InterruptedException {
    return post(
            "/api/v1/tokens",
            Map.of("role", "gateway", "subject", gatewayId, "gatewayId", gatewayId))
        .get("token")
        .asText();
  }

  /** Registers a device-instance file for the gateway, all or nothing. */
  void importDevices(String gatewayId, String yaml) throws IOException, InterruptedException {
    HttpRequest request =
        authorized("/api/v1/devices/import?gateway=" + gatewayId + "&file=system-test.yaml")
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8))
            .build();
    expect(201, request);
  }

  /** The gateway as the API shows it (lastContact, edgeEvicted, edgeRejected…). */
  JsonNode gatewayView(String gatewayId) throws IOException, InterruptedException {
    return get("/api/v1/gateways/" + gatewayId);
  }

  /** Every stored reading of the device with from ≤ ts &lt; to, page by page. */
  List<JsonNode> readings(String device, Instant from, Instant to)
      throws IOException, InterruptedException {
    int limit = 10_000; // the API's default maximum
    List<JsonNode> list = new ArrayList<>();
    for (int page = limit; page == limit; ) {
      JsonNode array =
          get(
              "/api/v1/readings?device="
                  + URLEncoder.encode(device, StandardCharsets.UTF_8)
                  + "&from="
                  + from
                  + "&to="
                  + to
                  + "&limit="
                  + limit
                  + "&offset="
                  + list.size());
      array.forEach(list::add);
      page = array.size();
    }
    return list;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return expect(200, authorized(path).GET().build());
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request =
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    return expect(201, request);
  }

  /** A POST that acts on something (an event step): 200 and the result. */
  JsonNode act(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request =
        authorized(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    return expect(200, request);
  }

  JsonNode put(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request =
        authorized(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build();
    return expect(200, request);
  }

  /** Sends a batch in the wire format with a gateway's token; the ingest's answer. */
  JsonNode ingest(String gatewayToken, byte[] batch) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/ingest"))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + gatewayToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
            .build();
    return expect(200, request);
  }

  /** The status a GET of {@code path} answers as admin; -1 when the cloud cannot be reached. */
  int getStatus(String path) {
    return status("GET", path, null);
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + admin);
  }

  private JsonNode expect(int status, HttpRequest request)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != status) {
      throw new AssertionError(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
  }

  private int status(String method, String path, byte[] body) {
    try {
      HttpRequest request =
          authorized(path)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** What it has written to its log (stdout) so far. */
  String log() {
    return process.stdout();
  }

  /** SIGTERM: it stops as systemd would stop it (SIGKILL after {@code grace}); its exit code. */
  int stop(Duration grace) throws InterruptedException {
    return process.stop(grace);
  }

  /** SIGKILL: nothing runs on the way out. */
  void kill() throws InterruptedException {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
