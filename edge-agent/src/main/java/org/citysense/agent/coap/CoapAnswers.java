package org.citysense.agent.coap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.JsonPayloads;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.ContentFormat;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * What a CoAP response means for the agent: the raw value of a 2.xx representation in the format
 * the profile declares, or a failure.
 *
 * <p>A CoAP error becomes a {@link Failure.Kind#EXCEPTION} whose code is the response code read as
 * a decimal number, class × 100 + detail: 4.04 Not Found is 404, 5.03 Service Unavailable is 503,
 * as a person reads it and as it maps to HTTP. (The byte on the wire, class × 32 + detail, would be
 * 132 for 4.04; nobody reads that.)
 */
final class CoapAnswers {
  private final JsonPayloads json = new JsonPayloads();

  /** 4.04 → 404. */
  static int failureCode(ResponseCode code) {
    return code.codeClass * 100 + code.codeDetail;
  }

  static Failure error(CoapResponse response) {
    ResponseCode code = response.getCode();
    String diagnostic =
        response.getPayload() == null || response.getPayload().length == 0
            ? ""
            : ": " + JsonPayloads.quote(response.getPayload());
    return new Failure(
        Failure.Kind.EXCEPTION, failureCode(code), code.text + " " + code.name() + diagnostic);
  }

  /**
   * The representation as a raw value. A response without a Content-Format is taken to be in the
   * profile's format (libcoap leaves the option out for text/plain, whose number is 0).
   *
   * @throws IOException when the format differs from the profile's or the JSON is garbage
   */
  RawValue raw(ContentFormat expected, CoapResponse response) throws IOException {
    int served = response.getOptions().getContentFormat();
    if (served != MediaTypeRegistry.UNDEFINED && served != expected.number()) {
      throw new IOException(
          "served content format "
              + MediaTypeRegistry.toString(served)
              + ", the profile says "
              + expected.id());
    }
    byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
    if (expected == ContentFormat.APPLICATION_JSON) {
      return new RawValue.Json(json.object(payload));
    }
    return new RawValue.Text(new String(payload, StandardCharsets.UTF_8));
  }
}
