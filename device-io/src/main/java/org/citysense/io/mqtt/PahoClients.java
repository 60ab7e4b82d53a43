package org.citysense.io.mqtt;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;

/** Paho's clients taken down the same way wherever this project uses one. */
public final class PahoClients {
  /** How long a disconnect waits for work in flight. */
  public static final long QUIESCE_MS = 1_000;

  private PahoClients() {}

  /**
   * Disconnects (forcibly when a clean disconnect fails) and closes {@code client}: Paho's threads
   * end here. Problems are logged to {@code log} naming {@code broker}, never thrown.
   */
  public static void disconnectAndClose(MqttClient client, String broker, Logger log) {
    try {
      if (client.isConnected()) {
        client.disconnect(QUIESCE_MS);
      }
    } catch (MqttException e) {
      log.debug("cannot disconnect cleanly [broker: {}]: {}", broker, describe(e));
      try {
        client.disconnectForcibly(0, QUIESCE_MS);
      } catch (MqttException ignored) {
        // already down; close(true) releases what is left
      }
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      log.warn("cannot close MQTT client [broker: {}]: {}", broker, describe(e));
    }
  }

  /** Paho's message with its cause, which usually says what really went wrong. */
  public static String describe(Exception e) {
    Throwable cause = e.getCause();
    return cause == null ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + cause + ")";
  }
}
