package org.citysense.cloud.notify;

import org.citysense.cloud.notify.channel.LocalHttpReceiver;
import org.citysense.testsupport.smsc.LocalSmsc;

/**
 * The peers a whole-service notification test talks to, injected by {@link NotifyResource}.
 *
 * @param smsc the SMSC behind the {@code smpp} channel
 * @param smsProvider the HTTP SMS provider behind {@code http-sms}
 * @param pushService the push service behind {@code push}
 * @param webhook the partner system behind {@code webhook}
 * @param callbackSecret the secret of {@code /api/v1/notify/callbacks/…}
 * @param webhookSecret the webhook's signing secret
 */
public record NotifyPeers(
    LocalSmsc smsc,
    LocalHttpReceiver smsProvider,
    LocalHttpReceiver pushService,
    LocalHttpReceiver webhook,
    String callbackSecret,
    String webhookSecret) {}
