package org.citysense.cloud.notify.channel;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A receiver of our notifications over HTTP (a partner's system, a chat bot bridge).
 *
 * @param id the channel's id, default {@code webhook}
 * @param url where to POST
 * @param secret the shared secret the body is signed with
 * @param timeout for the whole exchange, default 10 s
 */
public record WebhookSettings(String id, URI url, String secret, Duration timeout) {
  public WebhookSettings {
    id = id == null ? "webhook" : id;
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("webhook secret is empty [url: " + url + "]");
    }
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }
}
