package org.citysense.cloud.wiring;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.citysense.cloud.db.ConsumerPositions;
import org.citysense.cloud.db.Leases;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.notify.EventAccess;
import org.citysense.cloud.notify.NotificationLog;
import org.citysense.cloud.notify.NotificationPolicy;
import org.citysense.cloud.notify.Notifier;
import org.citysense.cloud.notify.NotifierLease;
import org.citysense.cloud.notify.RecipientDirectory;
import org.citysense.cloud.notify.RecipientRepository;
import org.citysense.cloud.notify.SendNote;
import org.citysense.cloud.notify.channel.CallbackGuard;
import org.citysense.cloud.notify.channel.Channel;
import org.citysense.cloud.notify.channel.DeliveryListener;
import org.citysense.cloud.notify.channel.HttpSmsChannel;
import org.citysense.cloud.notify.channel.HttpSmsSettings;
import org.citysense.cloud.notify.channel.PushChannel;
import org.citysense.cloud.notify.channel.PushSettings;
import org.citysense.cloud.notify.channel.RequestTemplate;
import org.citysense.cloud.notify.channel.SmppChannel;
import org.citysense.cloud.notify.channel.SmppSettings;
import org.citysense.cloud.notify.channel.WebhookChannel;
import org.citysense.cloud.notify.channel.WebhookSettings;
import org.citysense.cloud.notify.text.RegistryPlaceNames;
import org.citysense.cloud.notify.text.TemplatedMessageText;
import org.citysense.cloud.registry.HouseholdRepository;
import org.citysense.cloud.registry.StationRepository;
import org.citysense.cloud.rules.RuleBook;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the notifications (see {@code docs/notifications.md}), off unless {@code
 * citysense.notify.enabled}: the channels that are configured (SMPP when {@code
 * citysense.notify.smpp.host} is set, HTTP SMS and push when their {@code url} is ({@link
 * ChannelConfig}), a webhook when {@code citysense.notify.webhook.url} is), the {@link Notifier} on
 * the event service, started after startup and closed on shutdown. The notifier ticks on a thread
 * of its own; it needs no scheduler.
 *
 * <p>It produces no beans: the notifier and its channels are made here from the beans they need, so
 * no producer depends on what it produces. The callback endpoint asks it for the HTTP SMS channel
 * its provider's delivery reports belong to.
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

  @ConfigProperty(name = "citysense.notify.callback-secret")
  Optional<String> callbackSecret;

  /** How far a delivery report's signed timestamp may be from our clock. */
  @ConfigProperty(name = "citysense.notify.callback-max-skew", defaultValue = "5M")
  Duration callbackMaxSkew;

  /** Deprecated: accept the secret itself as {@code ?secret=} on unsigned delivery reports. */
  @ConfigProperty(name = "citysense.notify.callback-query-secret", defaultValue = "false")
  boolean callbackQuerySecret;

  private volatile CallbackGuard callbackGuard;

  /** The shortest callback secret accepted: it is the endpoint's only protection. */
  static final int MIN_SECRET = 16;

  @ConfigProperty(name = "citysense.data-dir", defaultValue = "data")
  java.nio.file.Path dataDir;

  private final List<Channel> channels = new ArrayList<>();
  private final Map<String, HttpSmsChannel> callbacks = new ConcurrentHashMap<>();

  /** {@code kafka}: one of a cluster's nodes, which notifies while it holds the lease. */
  @ConfigProperty(name = "citysense.handoff", defaultValue = "embedded")
  String handoff;

  @jakarta.inject.Inject KafkaConfig kafka;

  private Notifier notifier;
  private NotifierLease lease;
  private SendNote note;

  void start(
      @Observes StartupEvent start,
      DataSource ds,
      Clock clock,
      RuleBook rules,
      EventService events,
      RecipientDirectory directory,
      RecipientRepository recipients,
      HouseholdRepository households,
      StationRepository stations,
      Config config) {
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
                      new ConfigurationException(
                          "citysense.notify.smpp.system-id is required with"
                              + " citysense.notify.smpp.host")),
              smppPassword.orElse(""),
              smppSource.orElse(""));
      channels.add(new SmppChannel(settings, listener).start());
      LOG.infof("SMPP to %s:%d", settings.host(), settings.port());
    }
    ChannelConfig read = new ChannelConfig(config);
    Optional<HttpSmsSettings> httpSms = read.httpSms();
    if (httpSms.isPresent()) {
      HttpSmsChannel channel =
          new HttpSmsChannel(httpSms.get(), listener, RequestTemplate.defaultClient(), clock);
      channels.add(channel);
      if (httpSms.get().callback() != null) {
        callbackGuard = newCallbackGuard();
        callbacks.put(channel.id(), channel);
      }
      LOG.infof("HTTP SMS to %s", httpSms.get().request().url());
    }
    policy =
        policy.withSmsChannel(
            read.smsChannel(smppHost.filter(h -> !h.isBlank()).isPresent(), httpSms.isPresent()));
    LOG.infof("SMS by %s", policy.smsChannel());
    Optional<PushSettings> push = read.push();
    if (push.isPresent()) {
      PushSettings settings = push.get();
      channels.add(
          new PushChannel(settings, settings::authValue, RequestTemplate.defaultClient(), clock));
      LOG.infof("push to %s", settings.request().url());
    }
    if (webhookUrl.isPresent()) {
      WebhookSettings settings =
          new WebhookSettings(
              null,
              webhookUrl.get(),
              webhookSecret.orElseThrow(
                  () ->
                      new ConfigurationException(
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
            new ConsumerPositions(ds),
            note = new SendNote(dataDir.resolve("notify-sending")),
            (phone, channel, at) -> recipients.optOut(phone),
            new TemplatedMessageText(new RegistryPlaceNames(households, stations, clock)),
            clock,
            Notifier.Config.defaults());
    listener.to = notifier;
    if ("kafka".equals(handoff)) {
      lease = new NotifierLease(new Leases(ds), kafka.settings().node(), notifier);
      lease.start();
      LOG.infof(
          "notifications on [channels: %d]; this node sends while it holds the notifier's lease",
          channels.size());
      return;
    }
    notifier.start();
    LOG.infof("notifications on [channels: %d]", channels.size());
  }

  private CallbackGuard newCallbackGuard() {
    String secret = callbackSecret.map(String::strip).orElse("");
    if (secret.length() < MIN_SECRET) {
      throw new ConfigurationException(
          "citysense.notify.callback-secret is required with citysense.notify.http-sms.callback.*"
              + " and must be at least "
              + MIN_SECRET
              + " characters (it guards the delivery-report endpoint)");
    }
    if (callbackQuerySecret) {
      LOG.warn(
          "citysense.notify.callback-query-secret=true is deprecated: delivery reports may give the"
              + " secret in the query string, which proxies and access logs keep; have the"
              + " provider sign them with X-Citysense-Signature instead (docs/notifications.md)");
    }
    return new CallbackGuard(secret, callbackMaxSkew, callbackQuerySecret);
  }

  /** The HTTP SMS channel whose provider posts delivery reports as {@code id}, if configured. */
  public Optional<HttpSmsChannel> callbackChannel(String id) {
    return Optional.ofNullable(callbacks.get(id));
  }

  /** What checks delivery reports: present when a channel takes them. */
  public Optional<CallbackGuard> callbackGuard() {
    return Optional.ofNullable(callbackGuard);
  }

  void stop(@Observes ShutdownEvent stop) {
    if (lease != null) {
      lease.close();
      lease = null;
    }
    if (notifier != null) {
      notifier.close();
      notifier = null;
      note.close();
    }
    for (Channel c : channels) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warnf(e, "cannot close channel %s", c.id());
      }
    }
    channels.clear();
    callbacks.clear();
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
