package org.citysense.agent.coap;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.citysense.agent.driver.Failure;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.ContentFormat;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;

class CoapAnswersTest {
  private final CoapAnswers answers = new CoapAnswers();

  @Test
  void anErrorCodeIsReadAsClassTimesHundredPlusDetail() {
    assertThat(CoapAnswers.failureCode(ResponseCode.NOT_FOUND)).isEqualTo(404);
    assertThat(CoapAnswers.failureCode(ResponseCode.SERVICE_UNAVAILABLE)).isEqualTo(503);
    assertThat(CoapAnswers.failureCode(ResponseCode.NOT_ACCEPTABLE)).isEqualTo(406);
  }

  @Test
  void anErrorResponseIsAnExceptionWithItsCodeAndDiagnostic() {
    Failure failure = CoapAnswers.error(response(ResponseCode.NOT_FOUND, -1, "Not Found"));

    assertThat(failure.kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(failure.code()).isEqualTo(404);
    assertThat(failure.message()).startsWith("4.04 NOT_FOUND").contains("\"Not Found\"");
  }

  @Test
  void jsonBecomesAJsonRawValue() throws IOException {
    RawValue raw =
        answers.raw(
            ContentFormat.APPLICATION_JSON,
            response(ResponseCode.CONTENT, MediaTypeRegistry.APPLICATION_JSON, "{\"total\":5}"));

    assertThat(((RawValue.Json) raw).document().at("/total").asInt()).isEqualTo(5);
  }

  @Test
  void aResponseWithoutContentFormatIsTakenInTheProfilesFormat() throws IOException {
    RawValue raw =
        answers.raw(ContentFormat.TEXT_PLAIN, response(ResponseCode.CONTENT, -1, "42.5"));

    assertThat(raw).isEqualTo(new RawValue.Text("42.5"));
  }

  @Test
  void anotherFormatThanTheProfilesIsRefused() {
    assertThatThrownBy(
            () ->
                answers.raw(
                    ContentFormat.APPLICATION_JSON,
                    response(ResponseCode.CONTENT, MediaTypeRegistry.TEXT_PLAIN, "42.5")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("text/plain")
        .hasMessageContaining("application/json");
  }

  @Test
  void garbageJsonIsRefused() {
    assertThatThrownBy(
            () ->
                answers.raw(
                    ContentFormat.APPLICATION_JSON,
                    response(ResponseCode.CONTENT, MediaTypeRegistry.APPLICATION_JSON, "{tot")))
        .isInstanceOf(IOException.class);
  }

  private static CoapResponse response(ResponseCode code, int format, String payload) {
    Response response = new Response(code);
    if (format != -1) {
      response.getOptions().setContentFormat(format);
    }
    response.setPayload(payload.getBytes(UTF_8));
    return new CoapResponse(response) {};
  }
}
