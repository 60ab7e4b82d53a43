package org.citysense.cloud.auth;

import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Transactions;

/** Finds a bearer token by its SHA-256 among the tokens not revoked. */
public final class JdbcTokenAuthenticator implements TokenAuthenticator {
  private final Transactions db;

  public JdbcTokenAuthenticator(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  @Override
  public Optional<Principal> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    String hash = Hashes.sha256(bearerToken);
    return db.once(
        "authenticating a token",
        c -> {
          try (var s =
              c.prepareStatement(TokenService.COLUMNS + " WHERE hash = ? AND revoked_at IS NULL")) {
            s.setString(1, hash);
            try (var rs = s.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              TokenInfo t = TokenService.map(c, rs);
              String subject = t.role() == Role.GATEWAY ? t.gatewayId() : t.subject();
              return Optional.of(new Principal(t.id(), subject, t.role(), t.scope()));
            }
          }
        });
  }
}
