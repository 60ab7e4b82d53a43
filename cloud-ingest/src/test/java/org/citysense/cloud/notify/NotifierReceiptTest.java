package org.citysense.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.citysense.cloud.notify.Fakes.T0;

import java.util.List;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.notify.channel.ChannelException;
import org.citysense.cloud.notify.channel.DeliveredOnSubmit;
import org.citysense.cloud.notify.channel.OutboundMessage;
import org.citysense.cloud.rules.Severity;
import org.junit.jupiter.api.Test;

/** Deliveries that need no receipt, and receipts that come before their row is submitted. */
class NotifierReceiptTest extends NotifierFixture {

  /** A channel whose accepted send is the delivery, as a webhook's 2xx. */
  static final class OnSubmit extends Fakes.FakeChannel implements DeliveredOnSubmit {
    OnSubmit(String id) {
      super(id);
    }
  }

  /** An SMSC so quick that its receipt arrives while send has not yet returned. */
  final class Hasty extends Fakes.FakeChannel {
    Hasty(String id) {
      super(id);
    }

    @Override
    public String send(OutboundMessage message) throws ChannelException {
      String id = super.send(message);
      notifier.receipt(this.id, id, true, "DELIVRD", T0.plusSeconds(1));
      return id;
    }
  }

  private void buildWith(Fakes.FakeChannel smsChannel) {
    sms = smsChannel;
    events.listeners.clear();
    notifier =
        new Notifier(
            log,
            new NotificationPolicy(directory, Fakes::rules, NotificationPolicy.Config.defaults()),
            List.of(sms, push, hook),
            events,
            new ConsumerPositions(db),
            new SendNote(notePath),
            (phone, channel, at) -> optedOut.add(phone),
            MessageText.PLAIN,
            clock,
            Notifier.Config.defaults());
    notifier.subscribe();
  }

  @Test
  void aSendOnADeliveredOnSubmitChannelIsDeliveredAtOnce() {
    buildWith(new OnSubmit("smpp"));
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();

    assertThat(sms.sent).isNotEmpty();
    assertThat(rows(e.id(), Notification.ALARM).stream().filter(n -> n.channel().equals("smpp")))
        .isNotEmpty()
        .allMatch(n -> n.status().equals(Notification.DELIVERED));
  }

  @Test
  void aReceiptBeforeTheRowIsSubmittedIsNotLost() {
    buildWith(new Hasty("smpp"));
    Event e = events.raise(Fakes.gasAlarm(Severity.CRITICAL, T0));
    tick();

    assertThat(sms.sent).isNotEmpty();
    assertThat(rows(e.id(), Notification.ALARM).stream().filter(n -> n.channel().equals("smpp")))
        .isNotEmpty()
        .allMatch(n -> n.status().equals(Notification.DELIVERED));
  }
}
