package org.citysense.cloud.wiring;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.notify.EventAccess;
import org.citysense.cloud.notify.NotificationLog;
import org.citysense.cloud.notify.NotificationPolicy;
import org.citysense.cloud.notify.Notifier;
import org.citysense.cloud.notify.RecipientDirectory;
import org.citysense.cloud.notify.RecipientRepository;
import org.citysense.cloud.notify.channel.Channel;
import org.citysense.cloud.notify.channel.DeliveryListener;
import org.citysense.cloud.notify.channel.SmppChannel;
import org.citysense.cloud.notify.channel.SmppSettings;
import org.citysense.cloud.notify.channel.WebhookChannel;
import org.citysense.cloud.notify.channel.WebhookSettings;
import org.citysense.cloud.notify.text.TemplatedMessageText;
import org.citysense.cloud.rules.RuleBook;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the notifications (see {@code docs/notifications.md}), off unless {@code
 * citysense.notify.enabled}: the channels that are configured (SMPP when {@code
 * citysense.notify.smpp.host} is set, a webhook when {@code citysense.notify.webhook.url} is), the
 * {@link Notifier} on the event service, started after startup and closed on shutdown. The notifier
 * ticks on a thread of its own; it needs no scheduler.
 *
 * <p>It produces no beans and is injected nowhere: the notifier and its channels are made here from
 * the beans they need, so no producer depends on what it produces.
 */
@ApplicationScoped
public class NotifyWiring {
  private static final Logger LOG = Logger.getLogger(NotifyWiring.class);

  @ConfigProperty(name = "citysense.notify.enabled", defaultValue = "false")
  boolean enabled;

  @ConfigProperty(name = "citysense.notify.smpp.host")
  Optional<String> smppHost;

  @ConfigProperty(name = "citysense.notify.smpp.port", defaultValue = "2775")
  int smppPort;

  @ConfigProperty(name = "citysense.notify.smpp.system-id")
  Optional<String> smppSystemId;

  @ConfigProperty(name = "citysense.notify.smpp.password")
  Optional<String> smppPassword;

  @ConfigProperty(name = "citysense.notify.smpp.source")
  Optional<String> smppSource;

  @ConfigProperty(name = "citysense.notify.webhook.url")
  Optional<URI> webhookUrl;

  @ConfigProperty(name = "citysense.notify.webhook.secret")
  Optional<String> webhookSecret;

  private final List<Channel> channels = new ArrayList<>();
  private Notifier notifier;

  void start(
      @Observes StartupEvent start,
      DataSource ds,
      Clock clock,
      RuleBook rules,
      EventService events,
      RecipientDirectory directory,
      RecipientRepository recipients) {
    if (!enabled) {
      LOG.info("notifications are off (citysense.notify.enabled=false)");
      return;
    }
    // the SMPP channel reports to the notifier, which needs the channels: a listener in between
    Forward listener = new Forward();
    NotificationPolicy.Config policy = NotificationPolicy.Config.defaults();
    if (smppHost.filter(h -> !h.isBlank()).isPresent()) {
      SmppSettings settings =
          SmppSettings.of(
              smppHost.get(),
              smppPort,
              smppSystemId.orElseThrow(
                  () ->
                      new IllegalStateException(
                          "citysense.notify.smpp.system-id is required with"
                              + " citysense.notify.smpp.host")),
              smppPassword.orElse(""),
              smppSource.orElse(""));
      channels.add(new SmppChannel(settings, listener).start());
      policy = policy.withSmsChannel(settings.id());
      LOG.infof("SMS by SMPP to %s:%d", settings.host(), settings.port());
    } else {
      LOG.warn("no SMS channel: citysense.notify.smpp.host is not set");
    }
    if (webhookUrl.isPresent()) {
      WebhookSettings settings =
          new WebhookSettings(
              null,
              webhookUrl.get(),
              webhookSecret.orElseThrow(
                  () ->
                      new IllegalStateException(
                          "citysense.notify.webhook.secret is required with"
                              + " citysense.notify.webhook.url")),
              null);
      channels.add(new WebhookChannel(settings));
      policy =
          new NotificationPolicy.Config(
              policy.smsChannel(),
              policy.pushChannel(),
              settings.id(),
              List.of(settings.id()),
              policy.reminderIntervals(),
              policy.maxReminders(),
              policy.escalationStep());
      LOG.infof("webhook to %s", settings.url());
    }
    notifier =
        new Notifier(
            new NotificationLog(ds),
            new NotificationPolicy(directory, rules::current, policy),
            channels,
            EventAccess.of(events),
            (phone, channel, at) -> recipients.optOut(phone),
            new TemplatedMessageText(),
            clock,
            Notifier.Config.defaults());
    listener.to = notifier;
    notifier.start();
    LOG.infof("notifications on [channels: %d]", channels.size());
  }

  void stop(@Observes ShutdownEvent stop) {
    if (notifier != null) {
      notifier.close();
      notifier = null;
    }
    for (Channel c : channels) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warnf(e, "cannot close channel %s", c.id());
      }
    }
    channels.clear();
  }

  /** Hands the channels' receipts and replies to the notifier once it is made. */
  private static final class Forward implements DeliveryListener {
    volatile DeliveryListener to;

    @Override
    public void receipt(
        String channel, String providerId, boolean delivered, String detail, Instant at) {
      DeliveryListener l = to;
      if (l != null) {
        l.receipt(channel, providerId, delivered, detail, at);
      }
    }

    @Override
    public void reply(String channel, String fromAddress, String text, Instant at) {
      DeliveryListener l = to;
      if (l != null) {
        l.reply(channel, fromAddress, text, at);
      }
    }
  }
}
