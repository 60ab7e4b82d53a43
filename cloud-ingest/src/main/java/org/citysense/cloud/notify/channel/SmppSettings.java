package org.citysense.cloud.notify.channel;

import java.time.Duration;
import java.util.Objects;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * How to reach an SMSC over SMPP 3.4, bound as transceiver (submit, and receive receipts and
 * replies on the same session). Null durations and ids take the defaults below.
 *
 * @param id the channel's id, default {@code smpp}
 * @param systemId the account the carrier gave
 * @param systemType often empty; some carriers want a value
 * @param sourceAddress the sender: a short code, long number or alphanumeric name
 * @param sourceTon TON of the sender, e.g. 0 unknown, 1 international, 3 network specific, 5
 *     alphanumeric
 * @param sourceNpi NPI of the sender, e.g. 0 unknown, 1 ISDN (E.164)
 * @param countryCode calling code for numbers that arrive in national form, default {@code 86}
 * @param bindTimeout how long to wait for bind_resp, default 10 s
 * @param enquireLinkInterval how often to probe an idle session, default 30 s
 * @param transactionTimeout how long to wait for a submit_sm_resp, default 10 s
 * @param reconnectMin first wait before reconnecting after a failed bind or a lost session, default
 *     1 s; doubles after each failure
 * @param reconnectMax the longest wait between attempts, default 60 s
 */
public record SmppSettings(
    String id,
    String host,
    int port,
    String systemId,
    String password,
    String systemType,
    String sourceAddress,
    int sourceTon,
    int sourceNpi,
    String countryCode,
    Duration bindTimeout,
    Duration enquireLinkInterval,
    Duration transactionTimeout,
    Duration reconnectMin,
    Duration reconnectMax) {
  public SmppSettings {
    id = id == null ? "smpp" : id;
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(systemId, "systemId");
    password = password == null ? "" : password;
    systemType = systemType == null ? "" : systemType;
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
    countryCode = countryCode == null ? "86" : countryCode.replace("+", "");
    bindTimeout = orDefault(bindTimeout, Duration.ofSeconds(10));
    enquireLinkInterval = orDefault(enquireLinkInterval, Duration.ofSeconds(30));
    transactionTimeout = orDefault(transactionTimeout, Duration.ofSeconds(10));
    reconnectMin = orDefault(reconnectMin, Duration.ofSeconds(1));
    reconnectMax = orDefault(reconnectMax, Duration.ofSeconds(60));
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range [port: " + port + "]");
    }
    try {
      TypeOfNumber.valueOf((byte) sourceTon);
      NumberingPlanIndicator.valueOf((byte) sourceNpi);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sourceTon or sourceNpi not an SMPP value [sourceTon: "
              + sourceTon
              + ", sourceNpi: "
              + sourceNpi
              + "; TON 0-6, NPI 0, 1, 3, 4, 6, 8, 9, 10, 14, 18]",
          e);
    }
  }

  /** An account with every other setting at its default (sender unknown TON/NPI). */
  public static SmppSettings of(
      String host, int port, String systemId, String password, String sourceAddress) {
    return new SmppSettings(
        null,
        host,
        port,
        systemId,
        password,
        null,
        sourceAddress,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The same account with other reconnect waits (tests use short ones). */
  public SmppSettings withReconnect(Duration min, Duration max) {
    return new SmppSettings(
        id,
        host,
        port,
        systemId,
        password,
        systemType,
        sourceAddress,
        sourceTon,
        sourceNpi,
        countryCode,
        bindTimeout,
        enquireLinkInterval,
        transactionTimeout,
        min,
        max);
  }

  private static Duration orDefault(Duration d, Duration fallback) {
    return d == null ? fallback : d;
  }
}
