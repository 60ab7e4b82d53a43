package org.citysense.cloud.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds the bodies of requests that anyone can send small: those to an {@link OpenPaths} path and
 * those without an {@code Authorization} header. Checked on the declared {@code Content-Length}
 * before a byte of the body is read (the server reads no more than that length as the body); a body
 * of unknown length (chunked) is refused with 411, as its size could only be learnt by reading it.
 * Authenticated requests keep the global limit (ingest bounds its own body).
 */
@ApplicationScoped
public class OpenBodyLimit {
  /** Runs before any route, the REST resources' included. */
  private static final int PRIORITY = 1000;

  @ConfigProperty(name = "citysense.api.open-max-body-bytes", defaultValue = "16384")
  long maxBytes;

  @Inject ObjectMapper json;

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  void check(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    boolean open =
        OpenPaths.isOpen(rc.normalizedPath())
            || request.getHeader(HttpHeaders.AUTHORIZATION) == null;
    if (!open) {
      rc.next();
      return;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
      refuse(rc, 411, "send the body with a Content-Length; this endpoint takes no chunked body");
      return;
    }
    if (length != null && declared(length) > maxBytes) {
      refuse(
          rc,
          413,
          "the body is larger than "
              + maxBytes
              + " bytes, the most a request without a token may send");
      return;
    }
    rc.next();
  }

  /** The declared length; one that is not a number counts as too large. */
  private static long declared(String length) {
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private void refuse(RoutingContext rc, int status, String message) {
    String body;
    try {
      body = json.writeValueAsString(new ApiError(status, message, null));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an error answer", e);
    }
    // the unread body is not drained: the connection closes after the answer
    rc.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(body);
  }
}
