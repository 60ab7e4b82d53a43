package org.citysense.cloud.broker;

import java.time.Duration;

/**
 * Where the broker is and the account that may change its accounts (the dynamic-security admin).
 *
 * @param timeout for connecting and for each answer
 */
public record BrokerSettings(
    String host, int port, String username, String password, Duration timeout) {
  @Override
  public String toString() {
    // keeps the password out of logs
    return "BrokerSettings[" + username + "@" + host + ":" + port + ", timeout " + timeout + "]";
  }
}
