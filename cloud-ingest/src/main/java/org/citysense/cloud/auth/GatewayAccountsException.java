package org.citysense.cloud.auth;

/** The broker's accounts could not be changed: the broker is away or refused the command. */
public class GatewayAccountsException extends RuntimeException {
  public GatewayAccountsException(String message) {
    super(message);
  }

  public GatewayAccountsException(String message, Throwable cause) {
    super(message, cause);
  }
}
