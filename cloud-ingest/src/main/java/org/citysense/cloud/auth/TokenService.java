package org.citysense.cloud.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.registry.FieldException;
import org.jboss.logging.Logger;

/** Issues, lists and revokes bearer tokens. Only their SHA-256 is stored. */
public final class TokenService {
  /** Marks a citysense token, so that a leaked one is recognisable (secret scanners, people). */
  public static final String PREFIX = "cs_";

  private static final Logger LOG = Logger.getLogger(TokenService.class);
  static final String COLUMNS =
      "SELECT id, role, subject, unit_id, all_units, gateway_id, created_at, revoked_at FROM tokens";

  private final Transactions db;
  private final Clock clock;
  private final GatewayAccounts accounts;
  private final SecureRandom random = new SecureRandom();

  public TokenService(DataSource dataSource, Clock clock) {
    this(dataSource, clock, GatewayAccounts.NONE);
  }

  /**
   * @param accounts the gateways' broker accounts, opened and closed with their tokens
   */
  public TokenService(DataSource dataSource, Clock clock, GatewayAccounts accounts) {
    this.db = new Transactions(dataSource);
    this.clock = clock;
    this.accounts = accounts;
  }

  /**
   * Issues a token; its secret is in the result and nowhere else.
   *
   * @throws FieldException when the scope does not suit the role (see {@link TokenScope})
   */
  public IssuedToken issue(Role role, String subject, TokenScope scope) {
    return db.inTransaction(
        "issuing a " + role.id() + " token", c -> issue(c, role, subject, scope));
  }

  /**
   * As {@link #issue(Role, String, TokenScope)} for a unit (operators, viewers) or a gateway; an
   * admin token names neither.
   */
  public IssuedToken issue(Role role, String subject, String unitId, String gatewayId) {
    return issue(role, subject, scopeOf(unitId, gatewayId));
  }

  /**
   * As {@link #issue(Role, String, TokenScope)}, in the caller's transaction. A gateway token's
   * broker account is opened before the transaction commits: when the broker cannot be reached the
   * {@link GatewayAccountsException} rolls it back, since the secret cannot be given to the broker
   * later (only its hash is kept).
   */
  public IssuedToken issue(Connection c, Role role, String subject, TokenScope scope)
      throws SQLException {
    String secret = newSecret();
    TokenInfo info = store(c, role, subject, scope, secret);
    if (role == Role.GATEWAY) {
      try {
        accounts.open(info, secret);
      } catch (GatewayAccountsException e) {
        throw new GatewayAccountsException(
            "no token issued: the broker account of gateway "
                + scope.gatewayId()
                + " could not be made ("
                + e.getMessage()
                + "); try again when the broker is back",
            e);
      }
    }
    return new IssuedToken(info, secret);
  }

  private static TokenScope scopeOf(String unitId, String gatewayId) {
    if (gatewayId != null) {
      return TokenScope.gateway(gatewayId);
    }
    return unitId == null ? TokenScope.NONE : TokenScope.unit(unitId);
  }

  /** 32 random bytes, URL-safe base64, with the prefix. */
  String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stores a secret chosen elsewhere (an admin token from configuration). */
  public TokenInfo register(Role role, String subject, String secret) {
    return db.inTransaction(
        "storing a configured " + role.id() + " token",
        c -> store(c, role, subject, TokenScope.NONE, secret));
  }

  private TokenInfo store(Connection c, Role role, String subject, TokenScope scope, String secret)
      throws SQLException {
    if (subject == null || subject.isBlank()) {
      throw new FieldException("subject", "missing; name who holds the token");
    }
    ScopeChecks.check(c, role, scope);
    byte[] idBytes = new byte[8];
    random.nextBytes(idBytes);
    TokenInfo info =
        new TokenInfo(
            "tok-" + HexFormat.of().formatHex(idBytes),
            role,
            subject,
            scope.unitId(),
            scope.allUnits(),
            scope.householdIds(),
            scope.gatewayId(),
            clock.instant(),
            null);
    try (var s =
        c.prepareStatement(
            "INSERT INTO tokens"
                + " (id, hash, role, subject, unit_id, all_units, gateway_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, info.id());
      s.setString(2, Hashes.sha256(secret));
      s.setString(3, role.id());
      s.setString(4, subject);
      s.setString(5, info.unitId());
      s.setBoolean(6, info.allUnits());
      s.setString(7, info.gatewayId());
      Times.set(s, 8, info.createdAt());
      s.executeUpdate();
    }
    for (String household : info.householdIds()) {
      Rows.update(
          c,
          "INSERT INTO token_households (token_id, household_id) VALUES (?, ?)",
          info.id(),
          household);
    }
    LOG.infof("issued token [id: %s, role: %s, subject: %s]", info.id(), role.id(), subject);
    return info;
  }

  /**
   * Revokes a token: from now on it finds nobody, and open event streams end at their next check. A
   * gateway token's broker account is closed too. Revoking twice keeps the first time, and closes
   * the broker account again.
   *
   * @return whether the token exists
   * @throws GatewayAccountsException when the token is revoked but its broker account could not be
   *     closed; the broker reconciliation closes it once the broker is back
   */
  public boolean revoke(String tokenId) {
    Instant now = clock.instant();
    boolean found =
        db.once(
            "revoking token " + tokenId,
            c -> {
              try (var s =
                  c.prepareStatement(
                      "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")) {
                Times.set(s, 1, now);
                s.setString(2, tokenId);
                return s.executeUpdate() == 1;
              }
            });
    if (found) {
      LOG.infof("revoked token [id: %s]", tokenId);
      get(tokenId).filter(t -> t.role() == Role.GATEWAY).ifPresent(this::closeAccount);
    }
    return found;
  }

  private void closeAccount(TokenInfo token) {
    try {
      accounts.close(token);
    } catch (GatewayAccountsException e) {
      throw new GatewayAccountsException(
          "token "
              + token.id()
              + " is revoked, but the broker account of gateway "
              + token.gatewayId()
              + " is not removed yet ("
              + e.getMessage()
              + "); it is removed when the broker is back, or revoke the token again",
          e);
    }
  }

  /** Whether the gateway holds a gateway token not revoked: without one it may send nothing. */
  public boolean gatewayActive(String gatewayId) {
    return db.once(
        "checking the tokens of gateway " + gatewayId,
        c -> {
          try (var s =
              c.prepareStatement(
                  "SELECT 1 FROM tokens WHERE role = 'gateway' AND gateway_id = ?"
                      + " AND revoked_at IS NULL")) {
            s.setString(1, gatewayId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /**
   * Whether each of {@code tokenIds} is active (true) or revoked (false); ids of no token are left
   * out.
   */
  public Map<String, Boolean> activity(Collection<String> tokenIds) {
    if (tokenIds.isEmpty()) {
      return Map.of();
    }
    return db.once(
        "checking tokens",
        c -> {
          Map<String, Boolean> activity = new HashMap<>();
          List<String> ids = List.copyOf(tokenIds);
          // a bounded number of markers per statement
          for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (var s =
                c.prepareStatement(
                    "SELECT id, revoked_at FROM tokens WHERE id IN (" + marks + ")")) {
              for (int i = 0; i < chunk.size(); i++) {
                s.setString(i + 1, chunk.get(i));
              }
              try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  activity.put(rs.getString("id"), Times.get(rs, "revoked_at") == null);
                }
              }
            }
          }
          return activity;
        });
  }

  public List<TokenInfo> list() {
    return db.once(
        "listing tokens",
        c -> {
          Map<String, Set<String>> households = new HashMap<>();
          try (var s = c.prepareStatement("SELECT token_id, household_id FROM token_households");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              households
                  .computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                  .add(rs.getString(2));
            }
          }
          try (var s = c.prepareStatement(COLUMNS + " ORDER BY created_at, id");
              ResultSet rs = s.executeQuery()) {
            List<TokenInfo> tokens = new ArrayList<>();
            while (rs.next()) {
              tokens.add(map(rs, households.getOrDefault(rs.getString("id"), Set.of())));
            }
            return tokens;
          }
        });
  }

  public Optional<TokenInfo> get(String tokenId) {
    return db.once(
        "reading token " + tokenId,
        c -> {
          try (var s = c.prepareStatement(COLUMNS + " WHERE id = ?")) {
            s.setString(1, tokenId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(map(c, rs)) : Optional.<TokenInfo>empty();
            }
          }
        });
  }

  /** Whether no token was ever stored: the first start. */
  public boolean none() {
    return db.once(
        "counting tokens",
        c -> {
          try (var s = c.prepareStatement("SELECT COUNT(*) FROM tokens");
              ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
          }
        });
  }

  /** The token of the current row, its households read from {@code c}. */
  static TokenInfo map(Connection c, ResultSet rs) throws SQLException {
    Set<String> households = new HashSet<>();
    try (var s =
        c.prepareStatement("SELECT household_id FROM token_households WHERE token_id = ?")) {
      s.setString(1, rs.getString("id"));
      try (ResultSet h = s.executeQuery()) {
        while (h.next()) {
          households.add(h.getString(1));
        }
      }
    }
    return map(rs, households);
  }

  private static TokenInfo map(ResultSet rs, Set<String> households) throws SQLException {
    return new TokenInfo(
        rs.getString("id"),
        Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
        rs.getString("subject"),
        rs.getString("unit_id"),
        rs.getBoolean("all_units"),
        households,
        rs.getString("gateway_id"),
        Times.get(rs, "created_at"),
        Times.get(rs, "revoked_at"));
  }
}
