package org.citysense.cloud.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.citysense.cloud.notify.channel.LocalHttpReceiver;
import org.citysense.testsupport.smsc.LocalSmsc;

/**
 * Every notification peer on loopback for a {@code @QuarkusTest}: a {@link LocalSmsc} for SMPP and
 * {@link LocalHttpReceiver}s as the HTTP SMS provider, the push service and the webhook, all wired
 * by the service's own configuration keys. Also a rule file with one non-critical household rule
 * ({@code pm25-high}, major) besides the bundled ones. Injects {@link NotifyPeers} and the {@link
 * LocalSmsc} into the test's fields.
 */
public final class NotifyResource implements QuarkusTestResourceLifecycleManager {
  /** A rule for a household event that is not critical: quiet hours hold it. */
  static final String PM25_RULE =
      "\n  - id: pm25-high\n    type: threshold\n    quantity: pm2_5\n    above: 75\n"
          + "    severity: major\n";

  private String smsChannel = "smpp";
  private LocalSmsc smsc;
  private LocalHttpReceiver smsProvider;
  private LocalHttpReceiver pushService;
  private LocalHttpReceiver webhook;
  private NotifyPeers peers;
  private Path rules;

  /** Notifications on, SMS by SMPP, the test's adjustable clock. */
  public static class Profile implements QuarkusTestProfile {
    String smsChannel() {
      return "smpp";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("citysense.notify.enabled", "true");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
      return Set.of(AdjustableClock.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(NotifyResource.class, Map.of("sms-channel", smsChannel())));
    }
  }

  /** The same, but SMS by the HTTP SMS provider ({@code citysense.notify.sms-channel=http-sms}). */
  public static final class HttpSmsProfile extends Profile {
    @Override
    String smsChannel() {
      return "http-sms";
    }
  }

  /** SMS by SMPP, with the deprecated secret in the delivery reports' query switched on. */
  public static final class QuerySecretProfile extends Profile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "citysense.notify.enabled", "true", "citysense.notify.callback-query-secret", "true");
    }
  }

  @Override
  public void init(Map<String, String> initArgs) {
    smsChannel = initArgs.getOrDefault("sms-channel", "smpp");
  }

  @Override
  public Map<String, String> start() {
    try {
      smsc = LocalSmsc.start();
      smsProvider = new LocalHttpReceiver();
      pushService = new LocalHttpReceiver();
      webhook = new LocalHttpReceiver();
      rules = Files.createTempFile("citysense-notify-rules", ".yaml");
      try (InputStream bundled = getClass().getResourceAsStream("/rules/default-rules.yaml")) {
        Files.writeString(
            rules,
            new String(bundled.readAllBytes(), StandardCharsets.UTF_8).stripTrailing()
                + "\n"
                + PM25_RULE);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the notification peers", e);
    }
    peers =
        new NotifyPeers(
            smsc,
            smsProvider,
            pushService,
            webhook,
            "cb-" + UUID.randomUUID(),
            "wh-" + UUID.randomUUID());
    Map<String, String> keys = new HashMap<>();
    keys.put("citysense.rules.file", rules.toString());
    keys.put("citysense.notify.sms-channel", smsChannel);
    keys.put("citysense.notify.smpp.host", "127.0.0.1");
    keys.put("citysense.notify.smpp.port", Integer.toString(smsc.port()));
    keys.put("citysense.notify.smpp.system-id", "citysense");
    keys.put("citysense.notify.smpp.password", "secret");
    keys.put("citysense.notify.smpp.source", "10690000");
    keys.put("citysense.notify.http-sms.url", smsProvider.url("/sms/send"));
    keys.put("citysense.notify.http-sms.headers.X-Api-Key", "test-sms-key");
    keys.put(
        "citysense.notify.http-sms.body",
        "{\"phone\":\"{to_digits}\",\"content\":\"{text}\",\"outId\":\"{reference}\"}");
    keys.put("citysense.notify.http-sms.callback.id-pointer", "/out_id");
    keys.put("citysense.notify.http-sms.callback.status-pointer", "/status");
    keys.put("citysense.notify.http-sms.callback.delivered-value", "DELIVRD");
    keys.put("citysense.notify.callback-secret", peers.callbackSecret());
    keys.put("citysense.notify.push.url", pushService.url("/v1/messages:send"));
    keys.put(
        "citysense.notify.push.body",
        "{\"message\":{\"token\":\"{to}\",\"notification\":{\"title\":\"{title}\","
            + "\"body\":\"{body}\"},\"data\":{data}}}");
    keys.put("citysense.notify.push.auth-value", "Bearer test-push-key");
    keys.put("citysense.notify.webhook.url", webhook.url("/hooks/citysense"));
    keys.put("citysense.notify.webhook.secret", peers.webhookSecret());
    return keys;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(peers, new TestInjector.MatchesType(NotifyPeers.class));
    injector.injectIntoFields(smsc, new TestInjector.MatchesType(LocalSmsc.class));
  }

  @Override
  public void stop() {
    for (AutoCloseable peer : new AutoCloseable[] {smsc, smsProvider, pushService, webhook}) {
      if (peer != null) {
        try {
          peer.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close a notification peer", e);
        }
      }
    }
    try {
      if (rules != null) {
        Files.deleteIfExists(rules);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + rules, e);
    }
  }
}
