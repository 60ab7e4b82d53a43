package org.citysense.agent.uplink;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at start when the uplink sends batches and the gateway token unencrypted over a network:
 * {@code http://} or MQTT over {@code tcp://} to a host that is not this machine. Loopback stays
 * quiet (a local relay or a test); the host is judged from the address as written, never resolved.
 */
public final class CleartextWarning {
  private static final Logger LOG = LoggerFactory.getLogger(CleartextWarning.class);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private CleartextWarning() {}

  /** Logs the warning, if {@code settings} deserve one. */
  public static void log(UplinkSettings settings) {
    message(settings).ifPresent(LOG::warn);
  }

  /** The warning's text, or empty when the uplink is encrypted or stays on this machine. */
  static Optional<String> message(UplinkSettings settings) {
    boolean mqtt = settings.transport() == UplinkSettings.Transport.MQTT;
    String target = mqtt ? settings.mqttBroker() : settings.cloud().toString();
    URI uri;
    try {
      uri = URI.create(target.trim());
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // the uplink itself reports the bad address
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(mqtt ? "tcp" : "http") || isLoopback(uri.getHost())) {
      return Optional.empty();
    }
    return Optional.of(
        "cloud uplink "
            + target
            + " is not encrypted: readings and the gateway token cross the network in clear; use "
            + (mqtt ? "ssl://" : "https://")
            + " (docs/install.md)");
  }

  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (!IPV4.matcher(h).matches() && !h.contains(":")) {
      return false; // a name: resolving it at start could block, and it may resolve elsewhere later
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
