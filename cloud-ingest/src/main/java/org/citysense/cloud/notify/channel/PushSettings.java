package org.citysense.cloud.notify.channel;

import java.util.Objects;

/**
 * A push service reached over HTTP (FCM, or a vendor's push API).
 *
 * @param id the channel's id, default {@code push}
 * @param request the provider's send API; values: {@code {to}} (the device token), {@code {title}},
 *     {@code {body}} (the text; also as {@code {text}}), {@code {reference}} and {@code {data}}
 *     (the message's data as a JSON object: in a JSON body write it unquoted)
 * @param authHeader the header that carries the credential, default {@code Authorization}
 * @param authValue its value, e.g. {@code Bearer …} or {@code key=…}; null for none
 * @param defaultTitle the title when the message's data has no {@code title}
 */
public record PushSettings(
    String id, RequestSpec request, String authHeader, String authValue, String defaultTitle) {
  public PushSettings {
    id = id == null ? "push" : id;
    Objects.requireNonNull(request, "request");
    authHeader = authHeader == null ? "Authorization" : authHeader;
    defaultTitle = defaultTitle == null ? "CitySense" : defaultTitle;
  }
}
