package org.citysense.agent.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.citysense.agent.uplink.TrustedCas;
import org.citysense.profiles.device.DeviceInstance;

/**
 * The calls an installer's commands make to cloud-ingest: enrolling the gateway with a one-time
 * code, and registering a device of the gateway with its own token. Trusts the JVM's CAs or, when a
 * CA file is given, exactly its certificates (as the uplink does). Tokens never appear in messages.
 */
public final class CloudApi {
  /** What {@code edge-agent provision} accepts for {@code --cloud}. */
  public static final Pattern URL = Pattern.compile("https?://[^\\s/?#]+(/[^\\s?#]*)?");

  private final String base;
  private final HttpClient client;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  /** The gateway as the cloud enrolled it; {@code token} is the secret. */
  public record Enrolled(String gatewayId, String unitId, String token) {
    @Override
    public String toString() {
      return "Enrolled[gatewayId=" + gatewayId + ", unitId=" + unitId + "]";
    }
  }

  /**
   * @param url the cloud's base URL, e.g. {@code https://cloud.example.org}
   * @param caFile PEM certificates to trust instead of the JVM's CAs, or null
   * @throws IllegalArgumentException when the URL is not http(s) or the CA file is not usable
   */
  public CloudApi(String url, Path caFile, Duration timeout) {
    if (url == null || !URL.matcher(url).matches()) {
      throw new IllegalArgumentException(
          "the cloud URL must be http(s)://host[:port][/path], not \"" + url + "\"");
    }
    this.base = url.replaceAll("/+$", "");
    this.timeout = timeout;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1);
    if (caFile != null) {
      builder.sslContext(TrustedCas.sslContext(caFile));
    }
    this.client = builder.build();
  }

  public String url() {
    return base;
  }

  /** {@code POST /api/v1/gateways/enroll {code, name}}: a new gateway of the code's unit. */
  public Enrolled enroll(String code, String name) throws CloudException {
    ObjectNode body = json.createObjectNode().put("code", code);
    if (name != null) {
      body.put("name", name);
    }
    JsonNode answer = post("/api/v1/gateways/enroll", null, body);
    String gatewayId = answer.path("gatewayId").asText("");
    String token = answer.path("token").asText("");
    if (gatewayId.isEmpty() || token.isEmpty()) {
      throw new CloudException(
          CloudException.Kind.REFUSED,
          201,
          null,
          "no gateway id and token in the answer",
          "the cloud at " + base + " answered the enrollment without a gateway id and token",
          null);
    }
    return new Enrolled(gatewayId, answer.path("unitId").asText(null), token);
  }

  /**
   * {@code POST /api/v1/gateways/{gatewayId}/devices} with the gateway's own token: the device's
   * id, profile, attachment and location, as cloud-ingest's {@code Device} has them.
   */
  public void registerDevice(String gatewayId, String token, DeviceInstance device)
      throws CloudException {
    ObjectNode body = json.createObjectNode();
    body.put("id", device.id());
    body.put("profile", device.profile());
    body.put("stationId", device.station());
    body.put("householdId", device.household());
    body.put("unitId", device.unit());
    if (device.location() != null) {
      body.put("lat", device.location().latitude());
      body.put("lon", device.location().longitude());
      body.put("place", device.location().place());
    }
    String path =
        "/api/v1/gateways/" + URLEncoder.encode(gatewayId, StandardCharsets.UTF_8) + "/devices";
    post(path, token, body);
  }

  private JsonNode post(String path, String token, ObjectNode body) throws CloudException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (token != null) {
      request.header("Authorization", "Bearer " + token.strip());
    }
    HttpResponse<String> response;
    try {
      response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      SSLException tls = tlsCause(e);
      if (tls != null) {
        throw unreachable(
            "TLS failed ("
                + (tls.getMessage() == null ? tls.getClass().getSimpleName() : tls.getMessage())
                + "); if the cloud uses its own CA or a self-signed certificate, give it with"
                + " --ca-file ca.pem",
            e);
      }
      throw unreachable(reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted", e);
    }
    int status = response.statusCode();
    JsonNode answer = parse(response.body());
    if (status / 100 == 2) {
      return answer == null ? json.createObjectNode() : answer;
    }
    String error =
        answer != null && answer.hasNonNull("error")
            ? answer.get("error").asText()
            : shown(response.body());
    String field =
        answer != null && answer.hasNonNull("field") ? answer.get("field").asText() : null;
    throw new CloudException(
        CloudException.Kind.REFUSED,
        status,
        field,
        error,
        "the cloud refused (" + status + (field == null ? "" : ", " + field) + "): " + error,
        null);
  }

  private CloudException unreachable(String why, Throwable cause) {
    return new CloudException(
        CloudException.Kind.UNREACHABLE,
        0,
        null,
        why,
        "cannot reach the cloud at " + base + ": " + why,
        cause);
  }

  private JsonNode parse(String body) {
    try {
      JsonNode n = json.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null; // a proxy's page, most likely
    }
  }

  private static SSLException tlsCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        return ssl;
      }
    }
    return null;
  }

  /** Why a request failed, in an installer's words: unknown host, connection refused, … */
  private String reason(Throwable e) {
    URI uri = URI.create(base);
    String at = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    boolean connect = false;
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host " + uri.getHost() + " (DNS)";
      }
      connect |= t instanceof ConnectException;
      if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (connect) {
      // the JDK client reports a refused connection without a message
      return message == null ? "connection refused at " + at : message + " (" + at + ")";
    }
    return message != null ? message : e.getClass().getSimpleName();
  }

  private static String shown(String body) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      return "(no message)";
    }
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
