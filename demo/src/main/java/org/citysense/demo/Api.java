package org.citysense.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** cloud-ingest's API as one caller (a bearer token): JSON in, JSON out, one-line errors. */
final class Api {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String baseUrl;
  private final String token;

  Api(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  String baseUrl() {
    return baseUrl;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build(), 200);
  }

  JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build(),
        201);
  }

  JsonNode put(String path, Object body) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
            .build(),
        200);
  }

  /** A GET answered as text, e.g. the rule file as YAML. */
  String getText(String path, String accept) throws IOException, InterruptedException {
    HttpRequest request = request(path).header("Accept", accept).GET().build();
    HttpResponse<String> response =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new DemoException(
          "the cloud answered GET "
              + path
              + " with "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }

  JsonNode putYaml(String path, String yaml) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/yaml")
            .PUT(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8))
            .build(),
        200);
  }

  JsonNode postYaml(String path, String yaml) throws IOException, InterruptedException {
    return send(
        request(path)
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8))
            .build(),
        201);
  }

  /** The status a GET answers, -1 when nothing answers. */
  int status(String path) {
    try {
      return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  private JsonNode send(HttpRequest request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != expected) {
      throw new DemoException(
          "the cloud answered "
              + request.method()
              + " "
              + request.uri().getPath()
              + " with "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8).strip());
    }
    return response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
  }
}
