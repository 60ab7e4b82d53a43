package org.citysense.cloud.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.jboss.logging.Logger;

/**
 * The console's sessions of named accounts, in the database so that every node of a cluster accepts
 * a session opened on another. Only the hash of a session's cookie secret is stored. A session
 * carries its account's role and scope as they are when it is used; {@link AccountService} ends an
 * account's sessions ({@link #endAll}) when it disables, changes or deletes the account.
 */
public final class SessionService {
  /** Session ids start so, telling them apart from token ids where both are kept. */
  public static final String SESSION_PREFIX = "ses-";

  private static final Logger LOG = Logger.getLogger(SessionService.class);

  private final Transactions db;
  private final AccountService accounts;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param accounts checks the password at sign-in
   * @param lifetime how long a session lasts from sign-in
   */
  public SessionService(
      DataSource dataSource, AccountService accounts, Clock clock, Duration lifetime) {
    this.db = new Transactions(dataSource);
    this.accounts = accounts;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /**
   * Opens a session when the password is right and the account enabled; empty otherwise, without
   * saying which was wrong.
   */
  public Optional<SignedIn> signIn(String username, String password) {
    if (!accounts.checkPassword(username, password)) {
      return Optional.empty();
    }
    String secret = newSecret();
    String csrf = newSecret();
    String id = SESSION_PREFIX + HexFormat.of().formatHex(randomBytes(8));
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    return db.inTransaction(
        "opening a session for " + username,
        c -> {
          Optional<Account> account = AccountService.read(c, username).filter(a -> !a.disabled());
          if (account.isEmpty()) {
            return Optional.empty(); // disabled or deleted meanwhile
          }
          Rows.update(
              c,
              "INSERT INTO sessions (id, hash, username, csrf, created_at, expires_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              id,
              Hashes.sha256(secret),
              username,
              csrf,
              now,
              expires);
          LOG.infof("signed in [username: %s, session: %s]", username, id);
          return Optional.of(new SignedIn(session(id, account.get(), csrf, expires), secret));
        });
  }

  /** The session of a cookie's secret: not ended, not expired, its account enabled. */
  public Optional<Session> find(String secret) {
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return db.once(
        "reading a session",
        c -> {
          Optional<String[]> row =
              Rows.one(
                  c,
                  "SELECT s.id, s.username, s.csrf, s.expires_at FROM sessions s"
                      + " JOIN accounts a ON a.username = s.username"
                      + " WHERE s.hash = ? AND NOT a.disabled",
                  rs ->
                      new String[] {
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Times.get(rs, "expires_at").toString()
                      },
                  Hashes.sha256(secret));
          if (row.isEmpty()) {
            return Optional.empty();
          }
          Instant expires = Instant.parse(row.get()[3]);
          if (!now.isBefore(expires)) {
            return Optional.empty();
          }
          return AccountService.read(c, row.get()[1])
              .map(a -> session(row.get()[0], a, row.get()[2], expires));
        });
  }

  /** Ends the session of a cookie's secret (signing out); nothing when there is none. */
  public void signOut(String secret) {
    if (secret == null || secret.isEmpty()) {
      return;
    }
    db.once(
        "signing out",
        c -> Rows.update(c, "DELETE FROM sessions WHERE hash = ?", Hashes.sha256(secret)));
  }

  /**
   * Whether each of {@code sessionIds} is still active: not ended, not expired, its account
   * enabled. Ids of no session are left out.
   */
  public Map<String, Boolean> activity(Collection<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Map.of();
    }
    Instant now = clock.instant();
    return db.once(
        "checking sessions",
        c -> {
          Map<String, Boolean> activity = new HashMap<>();
          List<String> ids = List.copyOf(sessionIds);
          for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (var s =
                c.prepareStatement(
                    "SELECT s.id, s.expires_at, a.disabled FROM sessions s"
                        + " JOIN accounts a ON a.username = s.username WHERE s.id IN ("
                        + marks
                        + ")")) {
              for (int i = 0; i < chunk.size(); i++) {
                s.setString(i + 1, chunk.get(i));
              }
              try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  activity.put(
                      rs.getString("id"),
                      !rs.getBoolean("disabled") && now.isBefore(Times.get(rs, "expires_at")));
                }
              }
            }
          }
          return activity;
        });
  }

  /** Forgets sessions that expired: they let nobody in already. */
  public int sweep() {
    Instant now = clock.instant();
    return db.once(
        "removing expired sessions",
        c -> Rows.update(c, "DELETE FROM sessions WHERE expires_at <= ?", now));
  }

  /**
   * Ends every session of an account, in the caller's transaction: {@link AccountService} calls it
   * when it disables, changes, re-passwords or deletes the account, so that the change and the end
   * of its sessions are committed together.
   *
   * @return how many sessions ended
   */
  static int endAll(Connection c, String username) throws SQLException {
    return Rows.update(c, "DELETE FROM sessions WHERE username = ?", username);
  }

  private static Session session(String id, Account a, String csrf, Instant expires) {
    return new Session(new Principal(id, a.username(), a.role(), a.scope()), csrf, expires);
  }

  private String newSecret() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
