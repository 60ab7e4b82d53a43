package org.citysense.agent.uplink;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the agent reaches the cloud. {@link #toString()} leaves the secrets out.
 *
 * @param cloud the cloud's base URI, e.g. {@code https://cloud.example} (HTTP transport)
 * @param token the gateway's bearer token, the secret text (the caller reads it from its file)
 * @param caFile PEM certificates to trust instead of the JVM's CAs (HTTPS, or MQTT over ssl://), or
 *     null for the JVM's
 * @param transport HTTP (the default) or MQTT
 * @param mqttBroker the broker for the MQTT transport, e.g. {@code ssl://broker.example:8883}
 * @param mqttUsername the gateway's broker account (the broker's ACL is its identity), or null
 * @param mqttPassword that account's password, the secret text, or null
 * @param batchSize items per batch at most (halved after the cloud answers 413)
 * @param linger how long the forwarder waits for items when there are none (a priority item wakes
 *     it at once)
 * @param timeout bounds connecting and each send, the cloud's answer included
 * @param minBackoff the first wait after a failed send
 * @param maxBackoff the longest wait between sends, unless the cloud asks for more (Retry-After)
 */
public record UplinkSettings(
    URI cloud,
    String token,
    Path caFile,
    Transport transport,
    String mqttBroker,
    String mqttUsername,
    String mqttPassword,
    int batchSize,
    Duration linger,
    Duration timeout,
    Duration minBackoff,
    Duration maxBackoff) {
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

  /** How batches travel. */
  public enum Transport {
    HTTP,
    MQTT
  }

  /** Nulls and zeros take the defaults; what cannot work is refused with the field named. */
  public UplinkSettings {
    transport = transport == null ? Transport.HTTP : transport;
    batchSize = batchSize == 0 ? DEFAULT_BATCH_SIZE : batchSize;
    linger = linger == null ? DEFAULT_LINGER : linger;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    minBackoff = minBackoff == null ? DEFAULT_MIN_BACKOFF : minBackoff;
    maxBackoff = maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff;
    if (batchSize < 1) {
      throw new IllegalArgumentException("uplink.batchSize: must be at least 1, not " + batchSize);
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException("uplink.linger: must not be negative");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("uplink.timeout: must be positive");
    }
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException(
          "uplink.minBackoff, maxBackoff: need 0 < minBackoff <= maxBackoff, not "
              + minBackoff
              + ", "
              + maxBackoff);
    }
    if (transport == Transport.HTTP && cloud == null) {
      throw new IllegalArgumentException(
          "uplink.cloud: is missing (needed for the http transport)");
    }
    if (transport == Transport.HTTP && (token == null || token.isBlank())) {
      throw new IllegalArgumentException(
          "uplink.token: is missing (needed for the http transport)");
    }
    if (transport == Transport.MQTT && (mqttBroker == null || mqttBroker.isBlank())) {
      throw new IllegalArgumentException(
          "uplink.mqttBroker: is missing (needed for the mqtt transport)");
    }
  }

  /** HTTP(S) to {@code cloud} with the defaults. */
  public static UplinkSettings http(URI cloud, String token) {
    return new UplinkSettings(
        cloud, token, null, Transport.HTTP, null, null, null, 0, null, null, null, null);
  }

  /** MQTT through {@code broker} with the defaults. */
  public static UplinkSettings mqtt(String broker, String username, String password) {
    return new UplinkSettings(
        null, null, null, Transport.MQTT, broker, username, password, 0, null, null, null, null);
  }

  public UplinkSettings withCaFile(Path file) {
    return new UplinkSettings(
        cloud,
        token,
        file,
        transport,
        mqttBroker,
        mqttUsername,
        mqttPassword,
        batchSize,
        linger,
        timeout,
        minBackoff,
        maxBackoff);
  }

  public UplinkSettings withBatching(int size, Duration lingerFor) {
    return new UplinkSettings(
        cloud,
        token,
        caFile,
        transport,
        mqttBroker,
        mqttUsername,
        mqttPassword,
        size,
        lingerFor,
        timeout,
        minBackoff,
        maxBackoff);
  }

  public UplinkSettings withTimeout(Duration sendTimeout) {
    return new UplinkSettings(
        cloud,
        token,
        caFile,
        transport,
        mqttBroker,
        mqttUsername,
        mqttPassword,
        batchSize,
        linger,
        sendTimeout,
        minBackoff,
        maxBackoff);
  }

  public UplinkSettings withBackoff(Duration min, Duration max) {
    return new UplinkSettings(
        cloud,
        token,
        caFile,
        transport,
        mqttBroker,
        mqttUsername,
        mqttPassword,
        batchSize,
        linger,
        timeout,
        min,
        max);
  }

  /** The uplink these settings describe, for {@code gatewayId}. */
  public Uplink open(String gatewayId) {
    if (transport == Transport.MQTT) {
      return new MqttUplink(mqttBroker, gatewayId, mqttUsername, mqttPassword, caFile, timeout);
    }
    return new HttpUplink(cloud, token, caFile, timeout);
  }

  /** Without the token and the broker password. */
  @Override
  public String toString() {
    return "UplinkSettings[transport="
        + transport
        + (transport == Transport.HTTP ? ", cloud=" + cloud : ", mqttBroker=" + mqttBroker)
        + (mqttUsername == null ? "" : ", mqttUsername=" + mqttUsername)
        + ", caFile="
        + caFile
        + ", batchSize="
        + batchSize
        + ", linger="
        + linger
        + ", timeout="
        + timeout
        + ", backoff="
        + minBackoff
        + ".."
        + maxBackoff
        + "]";
  }
}
