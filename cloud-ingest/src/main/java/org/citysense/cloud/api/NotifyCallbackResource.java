package org.citysense.cloud.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citysense.cloud.notify.channel.CallbackGuard;
import org.citysense.cloud.notify.channel.HttpSmsChannel;
import org.citysense.cloud.wiring.NotifyWiring;

/**
 * Delivery reports from HTTP SMS providers: {@code POST /api/v1/notify/callbacks/{channel}}, JSON
 * (one object or an array) or form fields. A provider cannot send our bearer tokens, so {@link
 * Authentication} lets this path through and an HMAC of a timestamp and the body, keyed with the
 * shared secret ({@code citysense.notify.callback-secret}), guards it instead: see {@link
 * CallbackGuard}.
 */
@Path("/api/v1/notify/callbacks")
public class NotifyCallbackResource {
  public static final String PATH = "/api/v1/notify/callbacks/";

  /** How many receipts the report held that reached the delivery log's matching. */
  public record Accepted(int receipts) {}

  @Inject NotifyWiring notify;
  @Inject Clock clock;

  @POST
  @Path("{channel}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Accepted report(
      @PathParam("channel") String channel,
      @QueryParam(CallbackGuard.QUERY_PARAMETER) String secret,
      @HeaderParam(CallbackGuard.TIMESTAMP_HEADER) String timestamp,
      @HeaderParam(CallbackGuard.SIGNATURE_HEADER) String signature,
      @HeaderParam("Content-Type") String contentType,
      byte[] body) {
    HttpSmsChannel target =
        notify
            .callbackChannel(channel)
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "no HTTP SMS channel with delivery reports is called " + channel));
    byte[] raw = body == null ? new byte[0] : body;
    notify
        .callbackGuard()
        .orElseThrow()
        .check(timestamp, signature, secret, raw, clock.instant())
        .ifPresent(
            refused -> {
              throw new ApiException(403, refused.reason(), refused.field());
            });
    String text = new String(raw, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new ApiException(400, "the delivery report is empty");
    }
    if (contentType != null
        && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
      return new Accepted(target.handleCallback(form(text)));
    }
    try {
      return new Accepted(target.handleCallback(text));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400, "the delivery report is neither JSON nor form fields: " + e.getMessage());
    }
  }

  private static Map<String, String> form(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        fields.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new ApiException(400, "the delivery report's form fields are malformed: " + pair);
      }
    }
    return fields;
  }
}
