package org.citysense.cloud.api;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The endpoints that take requests without a token take small bodies only (16 KiB by default),
 * refused on the declared length before the body is read.
 */
@QuarkusTest
class OpenBodyLimitTest {
  @TestHTTPResource("/api/v1/gateways/enroll")
  URL enrollUrl;

  /** A JSON enrollment whose name makes it {@code size} bytes long. */
  private static String enrollment(int size) {
    String start = "{\"code\": \"ZZZZ-ZZZZ-ZZZZ-ZZZZ\", \"name\": \"";
    String end = "\"}";
    return start + "x".repeat(size - start.length() - end.length()) + end;
  }

  @Test
  void enrollmentTakesAtMostSixteenKibibytes() {
    given()
        .contentType(ContentType.JSON)
        .body(enrollment(16 * 1024 + 1))
        .post("/api/v1/gateways/enroll")
        .then()
        .statusCode(413)
        .body("status", equalTo(413))
        .body("error", containsString("larger than 16384 bytes"));
    // at the limit the code itself is judged
    given()
        .contentType(ContentType.JSON)
        .body(enrollment(16 * 1024))
        .post("/api/v1/gateways/enroll")
        .then()
        .statusCode(400)
        .body("error", containsString("unknown enrollment code"));
  }

  @Test
  void deliveryReportsTakeAtMostSixteenKibibytesEvenWithAToken() {
    given()
        .header("Authorization", "Bearer anything")
        .contentType(ContentType.JSON)
        .body("[" + "1,".repeat(9000) + "1]")
        .post("/api/v1/notify/callbacks/sms")
        .then()
        .statusCode(413)
        .body("error", containsString("16384 bytes"));
  }

  @Test
  void aBodyOfUnknownLengthIsRefused() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(enrollUrl.toString()))
            .version(HttpClient.Version.HTTP_1_1)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(enrollment(100).getBytes(UTF_8))))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(411);
    assertThat(response.body()).contains("Content-Length");
  }
}
