package org.citysense.cloud.notify.channel;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DeliveryListener} that keeps what it heard, for tests. */
public final class RecordingListener implements DeliveryListener {
  public record Receipt(String channel, String providerId, boolean delivered, String detail) {}

  public record Reply(String channel, String fromAddress, String text) {}

  public final List<Receipt> receipts = new CopyOnWriteArrayList<>();
  public final List<Reply> replies = new CopyOnWriteArrayList<>();

  @Override
  public void receipt(
      String channel, String providerId, boolean delivered, String detail, Instant at) {
    receipts.add(new Receipt(channel, providerId, delivered, detail));
  }

  @Override
  public void reply(String channel, String fromAddress, String text, Instant at) {
    replies.add(new Reply(channel, fromAddress, text));
  }
}
