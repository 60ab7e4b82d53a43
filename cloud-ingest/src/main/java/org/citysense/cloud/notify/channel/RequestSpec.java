package org.citysense.cloud.notify.channel;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One provider's HTTP API, as configuration: the request with {@code {placeholders}} and how to
 * read the answer. See {@link RequestTemplate} for the placeholders and how each part is escaped.
 *
 * @param method GET, POST, PUT…; default POST
 * @param url the URL template; placeholders in it are percent-encoded
 * @param headers header name → value template (values are used as they are)
 * @param body the body template, or null for none
 * @param bodyFormat how values are escaped into the body, and its default Content-Type
 * @param signing how {@code {sign}} is computed, or null when the provider wants none
 * @param successPointer a JSON pointer into the answer (e.g. {@code /Code}) that must equal {@code
 *     successValue} for a 2xx answer to count as accepted; null: any 2xx is accepted
 * @param retryableValues values at {@code successPointer} that mean "try later" (e.g. a throttling
 *     code); any other mismatch is final
 * @param idPointer a JSON pointer to the provider's message id (e.g. {@code /BizId}); null: the
 *     provider keeps ours, and our reference is the id
 * @param timeout for the whole exchange; default 10 s
 */
public record RequestSpec(
    String method,
    String url,
    Map<String, String> headers,
    String body,
    BodyFormat bodyFormat,
    Signing signing,
    String successPointer,
    String successValue,
    Set<String> retryableValues,
    String idPointer,
    Duration timeout) {

  /** How values go into the body. */
  public enum BodyFormat {
    /** A JSON document: values are JSON-string-escaped (write {@code "{text}"}). */
    JSON("application/json; charset=utf-8"),
    /** application/x-www-form-urlencoded: values are percent-encoded. */
    FORM("application/x-www-form-urlencoded; charset=utf-8"),
    /** Values as they are. */
    TEXT("text/plain; charset=utf-8");

    private final String contentType;

    BodyFormat(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  /**
   * {@code {sign}} = HMAC-SHA256 of {@code stringToSign} (itself a template, values unescaped, plus
   * {@code {body}}: the rendered body, when the body does not hold {@code {sign}}).
   */
  public record Signing(String stringToSign, String secret, Hmac.Encoding encoding) {
    public Signing {
      Objects.requireNonNull(stringToSign, "stringToSign");
      Objects.requireNonNull(secret, "secret");
      encoding = encoding == null ? Hmac.Encoding.HEX : encoding;
    }
  }

  public RequestSpec {
    method = method == null ? "POST" : method;
    Objects.requireNonNull(url, "url");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    bodyFormat = bodyFormat == null ? BodyFormat.JSON : bodyFormat;
    retryableValues = retryableValues == null ? Set.of() : Set.copyOf(retryableValues);
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    if (successPointer != null && successValue == null) {
      throw new IllegalArgumentException(
          "successPointer without successValue [successPointer: " + successPointer + "]");
    }
  }

  /** A POST of a JSON body, any 2xx accepted, our reference as the id. */
  public static RequestSpec postJson(String url, Map<String, String> headers, String body) {
    return new RequestSpec(
        "POST", url, headers, body, BodyFormat.JSON, null, null, null, null, null, null);
  }

  public RequestSpec withSigning(Signing s) {
    return new RequestSpec(
        method,
        url,
        headers,
        body,
        bodyFormat,
        s,
        successPointer,
        successValue,
        retryableValues,
        idPointer,
        timeout);
  }

  /** The same request, reading the answer: accepted when {@code pointer} holds {@code value}. */
  public RequestSpec withAnswer(
      String pointer, String value, Set<String> retryable, String messageIdPointer) {
    return new RequestSpec(
        method,
        url,
        headers,
        body,
        bodyFormat,
        signing,
        pointer,
        value,
        retryable,
        messageIdPointer,
        timeout);
  }
}
