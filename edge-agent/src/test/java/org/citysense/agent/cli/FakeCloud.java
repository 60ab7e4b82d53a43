package org.citysense.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * Answers the two calls of the installer's commands as cloud-ingest does (status codes and bodies
 * from its ErrorMapper, EnrollmentService and GatewayResource): enrollment with one-time codes, and
 * device registration with the gateway's own token.
 */
final class FakeCloud implements AutoCloseable {
  static final String GATEWAY = "gw-0007";
  static final String UNIT = "c-001";
  static final String TOKEN = "tok-5ecret-Zq81";

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  final List<JsonNode> enrollments = new CopyOnWriteArrayList<>();
  final List<JsonNode> devices = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  volatile int refuseDevicesWith;
  volatile String refusal;
  volatile String refusalField;

  FakeCloud() throws IOException {
    this(null);
  }

  /** Over HTTPS with {@code tls}'s key, or plain HTTP when null. */
  FakeCloud(SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.createContext("/api/v1/gateways", this::handle);
    server.start();
    codes.put("7KQ2MX9D4T", "fresh");
    codes.put("USED0USED0", "used");
    codes.put("OLD00OLD00", "expired");
  }

  String url() {
    return (server instanceof HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      JsonNode body = json.readTree(ex.getRequestBody().readAllBytes());
      if (path.equals("/api/v1/gateways/enroll")) {
        enroll(ex, body);
      } else if (path.matches("/api/v1/gateways/[^/]+/devices")) {
        register(ex, path.split("/")[4], body);
      } else {
        answer(ex, 404, error(404, "no such resource", null));
      }
    }
  }

  private void enroll(HttpExchange ex, JsonNode body) throws IOException {
    enrollments.add(body);
    String code = body.path("code").asText("").replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    String state = codes.get(code);
    if (state == null) {
      answer(
          ex,
          400,
          error(
              400, "unknown enrollment code; check it, or ask the operator for a new one", "code"));
    } else if (state.equals("used")) {
      answer(
          ex,
          409,
          error(
              409,
              "this enrollment code was used already (by gateway gw-0001); ask the operator for a"
                  + " new one",
              "code"));
    } else if (state.equals("expired")) {
      answer(
          ex,
          410,
          error(
              410,
              "this enrollment code expired at 2026-11-20T10:00:00Z; ask the operator for a new"
                  + " one",
              "code"));
    } else {
      codes.put(code, "used");
      answer(
          ex,
          201,
          "{\"gatewayId\":\""
              + GATEWAY
              + "\",\"unitId\":\""
              + UNIT
              + "\",\"token\":\""
              + TOKEN
              + "\"}");
    }
  }

  private void register(HttpExchange ex, String gatewayId, JsonNode body) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    authorizations.add(String.valueOf(auth));
    if (!("Bearer " + TOKEN).equals(auth)) {
      answer(ex, 401, error(401, "unknown or revoked token", null));
    } else if (!gatewayId.equals(GATEWAY)) {
      answer(
          ex,
          403,
          error(
              403,
              "gateway " + GATEWAY + " may register devices for itself only, not " + gatewayId,
              null));
    } else if (refuseDevicesWith != 0) {
      answer(ex, refuseDevicesWith, error(refuseDevicesWith, refusal, refusalField));
    } else {
      devices.add(body);
      ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("gatewayId", gatewayId);
      answer(ex, 201, body.toString());
    }
  }

  private String error(int status, String message, String field) {
    var n = json.createObjectNode().put("status", status).put("error", message);
    n.put("field", field);
    return n.toString();
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
