package org.citysense.cloud.notify.channel;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Push notifications through a provider's HTTP API, configured as a {@link RequestSpec} per
 * provider (FCM and the vendors' push services differ only in their spec). The address is the
 * device token. The credential header comes from the settings, or from a supplier asked on every
 * send for credentials that rotate (FCM's OAuth access tokens). Push services report no delivery;
 * the id returned is the provider's (when the spec names an id pointer) or our reference.
 */
public final class PushChannel implements Channel {
  private final PushSettings settings;
  private final Supplier<String> authorization;
  private final RequestTemplate template;

  public PushChannel(PushSettings settings) {
    this(settings, settings::authValue, RequestTemplate.defaultClient(), Clock.systemUTC());
  }

  /**
   * @param authorization the credential header's value, asked on each send; a null result for none
   */
  public PushChannel(
      PushSettings settings, Supplier<String> authorization, HttpClient client, Clock clock) {
    this.settings = settings;
    this.authorization = authorization;
    this.template = new RequestTemplate(settings.request(), client, clock);
  }

  @Override
  public String id() {
    return settings.id();
  }

  @Override
  public String send(OutboundMessage message) throws ChannelException {
    Object title = message.data().get("title");
    Map<String, String> values = new HashMap<>();
    values.put("to", message.address());
    values.put("title", title == null ? settings.defaultTitle() : title.toString());
    values.put("body", message.text());
    values.put("text", message.text());
    values.put("reference", message.reference());
    values.put("data", RequestTemplate.toJson(new LinkedHashMap<>(message.data())));
    String auth = authorization.get();
    Map<String, String> headers =
        auth == null || auth.isEmpty() ? Map.of() : Map.of(settings.authHeader(), auth);
    return template.submit(values, Set.of("data"), headers, message.reference());
  }

  @Override
  public void close() {
    // nothing held
  }
}
