package org.citysense.cloud.auth;

/**
 * Where a gateway logs in besides HTTP: the MQTT broker's account, user name = gateway id, password
 * = its token. {@link TokenService} opens the account when it issues a gateway token and closes it
 * when it revokes one, so that a revoked gateway is cut off on every channel.
 */
public interface GatewayAccounts {
  /** No broker accounts are managed (the broker has its own password file, or there is none). */
  GatewayAccounts NONE =
      new GatewayAccounts() {
        @Override
        public void open(TokenInfo token, String secret) {}

        @Override
        public void close(TokenInfo token) {}
      };

  /**
   * Gives the token's gateway an account that logs in with {@code secret}, replacing the account of
   * an older token of the same gateway.
   *
   * @throws GatewayAccountsException when the broker cannot be reached or refuses
   */
  void open(TokenInfo token, String secret);

  /**
   * Removes the token's gateway account, and drops its open connection, if the account is still the
   * one of this token (not of a newer token of the same gateway).
   *
   * @throws GatewayAccountsException when the broker cannot be reached or refuses
   */
  void close(TokenInfo token);
}
