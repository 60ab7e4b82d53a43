package org.citysense.cloud.notify.channel;

/**
 * One way to reach people: SMS over SMPP, SMS through an HTTP gateway, push, a webhook. Sending
 * hands the message to the provider; whether it arrived comes later, as a receipt, to the {@link
 * DeliveryListener}.
 */
public interface Channel extends AutoCloseable {
  /** The channel's id in configuration and in the delivery log, e.g. {@code smpp}. */
  String id();

  /**
   * @return the provider's id of the submitted message, for matching its receipt
   * @throws ChannelException when the provider did not take it (retryable or not)
   */
  String send(OutboundMessage message) throws ChannelException;

  @Override
  void close();
}
