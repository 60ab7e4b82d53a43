package org.citysense.cloud.notify.channel;

import java.time.Instant;

/** What channels hear back from providers: delivery receipts and people's replies. */
public interface DeliveryListener {
  /**
   * A receipt for a submitted message.
   *
   * @param providerId the id {@link Channel#send} returned
   * @param delivered whether it reached the handset
   * @param detail the provider's status text, e.g. DELIVRD, UNDELIV, EXPIRED
   */
  void receipt(String channel, String providerId, boolean delivered, String detail, Instant at);

  /** A person's reply (an SMS mobile-originated message), e.g. an event's short code or "1". */
  void reply(String channel, String fromAddress, String text, Instant at);
}
