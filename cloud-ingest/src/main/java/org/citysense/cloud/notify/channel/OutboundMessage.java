package org.citysense.cloud.notify.channel;

import java.util.Map;

/**
 * One message to one address.
 *
 * @param address a phone number (E.164), a push token, or a webhook's name
 * @param text the rendered text (SMS, push body)
 * @param reference our id for it (the delivery log's id), echoed in webhook bodies
 * @param data structured facts for push and webhook payloads (event id, severity, place…)
 */
public record OutboundMessage(
    String address, String text, String reference, Map<String, Object> data) {
  public OutboundMessage {
    data = data == null ? Map.of() : Map.copyOf(data);
  }
}
