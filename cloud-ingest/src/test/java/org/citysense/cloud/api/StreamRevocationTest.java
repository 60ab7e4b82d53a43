package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.TokenScope;
import org.citysense.cloud.auth.TokenService;
import org.citysense.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An event stream ends when its token is revoked, within {@code citysense.api.stream-recheck}:
 * after a last {@code revoked} message the server closes it, and the token opens no new one. A
 * stream of a token still valid stays open.
 */
@QuarkusTest
class StreamRevocationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Inject TokenService tokens;

  @TestHTTPResource("/api/v1/events/stream")
  URL streamUrl;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CompletableFuture<?>> streams = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStreams() {
    streams.forEach(s -> s.cancel(true));
  }

  @Test
  void revokingATokenEndsItsStreamAndOnlyIts() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String admin = tokens.issue(Role.ADMIN, "admin-" + run, null, null).secret();
    var issued =
        given()
            .auth()
            .oauth2(admin)
            .contentType(ContentType.JSON)
            .body(Map.of("role", "viewer", "subject", "dashboard-" + run, "allUnits", true))
            .post("/api/v1/tokens")
            .then()
            .statusCode(201)
            .extract();
    String viewer = issued.path("token");
    String viewerId = issued.path("info.id");
    String other = tokens.issue(Role.VIEWER, "wall-" + run, TokenScope.wholeDeployment()).secret();

    List<String> revokedLines = new CopyOnWriteArrayList<>();
    CompletableFuture<?> revokedStream = open(viewer, revokedLines);
    List<String> otherLines = new CopyOnWriteArrayList<>();
    CompletableFuture<?> otherStream = open(other, otherLines);

    given().auth().oauth2(admin).delete("/api/v1/tokens/" + viewerId).then().statusCode(204);

    // the body ends when the server closes the stream
    revokedStream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(revokedLines).contains("event:revoked");
    assertThat(otherStream).isNotDone();
    assertThat(otherLines).doesNotContain("event:revoked");

    HttpResponse<Void> again = http.send(request(viewer), HttpResponse.BodyHandlers.discarding());
    assertThat(again.statusCode()).isEqualTo(401);
  }

  /** Opens a stream; returns once its first line (a comment) is there, the body still open. */
  private CompletableFuture<?> open(String token, List<String> lines) throws Exception {
    CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
        http.sendAsync(request(token), HttpResponse.BodyHandlers.ofLines());
    CompletableFuture<?> body =
        response.thenAccept(
            r -> {
              assertThat(r.statusCode()).isEqualTo(200);
              r.body().forEach(lines::add);
            });
    streams.add(body);
    Poll.until("the event stream to open", WAIT, () -> !lines.isEmpty() || body.isDone());
    assertThat(body).as("the stream ended at once: %s", lines).isNotDone();
    return body;
  }

  private HttpRequest request(String token) {
    return HttpRequest.newBuilder(URI.create(streamUrl.toString()))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream")
        .build();
  }
}
