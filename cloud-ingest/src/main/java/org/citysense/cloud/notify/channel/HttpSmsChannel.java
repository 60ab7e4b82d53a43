package org.citysense.cloud.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * SMS through a cloud provider's HTTP API, configured as a {@link RequestSpec}. Delivery reports
 * come back by the provider calling us; the REST endpoint that receives them hands the fields or
 * the JSON to {@link #handleCallback(Map)} / {@link #handleCallback(String)}, which read them with
 * the configured pointers and tell the listener. This class knows no HTTP server.
 */
public final class HttpSmsChannel implements Channel {
  private static final Logger LOG = Logger.getLogger(HttpSmsChannel.class);

  private final HttpSmsSettings settings;
  private final DeliveryListener listener;
  private final Clock clock;
  private final RequestTemplate template;

  public HttpSmsChannel(HttpSmsSettings settings, DeliveryListener listener) {
    this(settings, listener, RequestTemplate.defaultClient(), Clock.systemUTC());
  }

  public HttpSmsChannel(
      HttpSmsSettings settings, DeliveryListener listener, HttpClient client, Clock clock) {
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.template = new RequestTemplate(settings.request(), client, clock);
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public String send(OutboundMessage message) throws ChannelException {
    String to = message.address() == null ? "" : message.address().trim();
    Map<String, String> values =
        Map.of(
            "to",
            to,
            "to_digits",
            to.startsWith("+") ? to.substring(1) : to,
            "text",
            message.text(),
            "reference",
            message.reference());
    return template.submit(values, Set.of(), message.reference());
  }

  /**
   * A delivery report posted as form fields (or query parameters).
   *
   * @return 1 when it was a receipt the listener heard, 0 when it lacked the id or status
   */
  public int handleCallback(Map<String, String> fields) {
    HttpSmsSettings.Callback c = requireCallback();
    return report(
        field(fields, c.idPointer()),
        field(fields, c.statusPointer()),
        c.detailPointer() == null ? null : field(fields, c.detailPointer()));
  }

  /**
   * A delivery report posted as JSON: one object, or an array of them (several providers batch).
   *
   * @return how many receipts the listener heard
   * @throws IllegalArgumentException when the text is not JSON
   */
  public int handleCallback(String json) {
    HttpSmsSettings.Callback c = requireCallback();
    JsonNode root;
    try {
      root = RequestTemplate.readJson(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("delivery report is not JSON: " + e.getMessage(), e);
    }
    int n = 0;
    for (JsonNode item : root.isArray() ? root : java.util.List.of(root)) {
      n +=
          report(
              RequestTemplate.text(item, c.idPointer()),
              RequestTemplate.text(item, c.statusPointer()),
              c.detailPointer() == null ? null : RequestTemplate.text(item, c.detailPointer()));
    }
    return n;
  }

  private int report(String providerId, String status, String detail) {
    if (providerId == null || status == null) {
      LOG.warnf(
          "delivery report without id or status, ignored [channel: %s, id: %s, status: %s]",
          id(), providerId, status);
      return 0;
    }
    boolean delivered = requireCallback().deliveredValue().equalsIgnoreCase(status);
    listener.receipt(
        id(), providerId, delivered, detail == null ? status : detail, clock.instant());
    return 1;
  }

  private HttpSmsSettings.Callback requireCallback() {
    if (settings.callback() == null) {
      throw new IllegalStateException("no callback configured [channel: " + id() + "]");
    }
    return settings.callback();
  }

  private static String field(Map<String, String> fields, String pointer) {
    return fields.get(pointer.startsWith("/") ? pointer.substring(1) : pointer);
  }

  @Override
  public void close() {
    // nothing held: the HTTP client's connections idle out
  }
}
