package org.citysense.cloud.notify.channel;

/**
 * Marks a {@link Channel} whose accepted send is already the delivery (a webhook's 2xx: no handset
 * is behind it, and no receipt will follow). Whoever records deliveries should record a successful
 * {@link Channel#send} of such a channel as delivered at once.
 *
 * <p>Why not a receipt from inside {@code send}: the delivery log matches receipts to messages by
 * the provider id it records when {@code send} returns, so a receipt sent before that would find
 * nothing.
 */
public interface DeliveredOnSubmit {}
