package org.citysense.cloud.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
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
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;
import org.jboss.logging.Logger;

/**
 * Named accounts and their sessions, both in the database so that every node of a cluster accepts a
 * session opened on another. An account has the role and scope a token would have, checked by the
 * same rules ({@link ScopeChecks}); disabling, deleting or changing an account ends its sessions at
 * once, and its open event streams at their next check.
 */
public final class AccountService {
  /** Session ids start so, telling them apart from token ids where both are kept. */
  public static final String SESSION_PREFIX = "ses-";

  private static final Logger LOG = Logger.getLogger(AccountService.class);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final String ACCOUNT_COLUMNS =
      "SELECT username, role, unit_id, all_units, disabled, created_at FROM accounts";

  private final Transactions db;
  private final Passwords passwords;
  private final Clock clock;
  private final Duration lifetime;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param lifetime how long a session lasts from sign-in
   */
  public AccountService(
      DataSource dataSource, Passwords passwords, Clock clock, Duration lifetime) {
    this.db = new Transactions(dataSource);
    this.passwords = passwords;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /**
   * @throws FieldException naming the field when the username is taken or malformed, the password
   *     too short or long, or the scope does not suit the role
   */
  public Account create(String username, String password, Role role, TokenScope scope) {
    checkUsername(username);
    if (role == null || role == Role.GATEWAY) {
      throw new FieldException(
          "role", "an account is an admin, operator, viewer or family member; gateways use tokens");
    }
    String hash = passwords.hash(password);
    return db.inTransaction(
        "creating account " + username,
        c -> {
          if (Rows.one(c, "SELECT 1 FROM accounts WHERE username = ?", rs -> true, username)
              .isPresent()) {
            throw new FieldException("username", "\"" + username + "\" is taken");
          }
          ScopeChecks.check(c, role, scope);
          Rows.update(
              c,
              "INSERT INTO accounts (username, password_hash, role, unit_id, all_units, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              username,
              hash,
              role.id(),
              scope.unitId(),
              scope.allUnits(),
              clock.instant());
          writeHouseholds(c, username, scope.householdIds());
          LOG.infof("created account [username: %s, role: %s]", username, role.id());
          return read(c, username).orElseThrow();
        });
  }

  public List<Account> list() {
    return db.once(
        "listing accounts",
        c -> {
          List<String> names =
              Rows.list(
                  c, "SELECT username FROM accounts ORDER BY username", rs -> rs.getString(1));
          List<Account> accounts = new ArrayList<>();
          for (String name : names) {
            read(c, name).ifPresent(accounts::add);
          }
          return accounts;
        });
  }

  public Optional<Account> get(String username) {
    return db.once("reading account " + username, c -> read(c, username));
  }

  /** Changes an account's role and scope; its sessions end, so it signs in anew to the new role. */
  public Account change(String username, Role role, TokenScope scope) {
    if (role == null || role == Role.GATEWAY) {
      throw new FieldException(
          "role", "an account is an admin, operator, viewer or family member; gateways use tokens");
    }
    return db.inTransaction(
        "changing account " + username,
        c -> {
          require(c, username);
          ScopeChecks.check(c, role, scope);
          Rows.update(
              c,
              "UPDATE accounts SET role = ?, unit_id = ?, all_units = ? WHERE username = ?",
              role.id(),
              scope.unitId(),
              scope.allUnits(),
              username);
          Rows.update(c, "DELETE FROM account_households WHERE username = ?", username);
          writeHouseholds(c, username, scope.householdIds());
          int ended = endSessions(c, username);
          LOG.infof(
              "changed account [username: %s, role: %s, sessions ended: %d]",
              username, role.id(), ended);
          return read(c, username).orElseThrow();
        });
  }

  /** Disables (or enables again) an account; disabling ends its sessions. */
  public Account setDisabled(String username, boolean disabled) {
    return db.inTransaction(
        (disabled ? "disabling" : "enabling") + " account " + username,
        c -> {
          require(c, username);
          Rows.update(c, "UPDATE accounts SET disabled = ? WHERE username = ?", disabled, username);
          int ended = disabled ? endSessions(c, username) : 0;
          LOG.infof(
              "%s account [username: %s, sessions ended: %d]",
              disabled ? "disabled" : "enabled", username, ended);
          return read(c, username).orElseThrow();
        });
  }

  /** Sets a new password; the account's sessions end. */
  public void setPassword(String username, String password) {
    String hash = passwords.hash(password);
    db.inTransaction(
        "setting the password of account " + username,
        c -> {
          require(c, username);
          Rows.update(
              c, "UPDATE accounts SET password_hash = ? WHERE username = ?", hash, username);
          endSessions(c, username);
          return null;
        });
    LOG.infof("set a new password [username: %s]", username);
  }

  /**
   * @return whether the account existed
   */
  public boolean delete(String username) {
    boolean found =
        db.inTransaction(
            "deleting account " + username,
            c -> {
              Rows.update(c, "DELETE FROM sessions WHERE username = ?", username);
              Rows.update(c, "DELETE FROM account_households WHERE username = ?", username);
              return Rows.update(c, "DELETE FROM accounts WHERE username = ?", username) == 1;
            });
    if (found) {
      LOG.infof("deleted account [username: %s]", username);
    }
    return found;
  }

  /**
   * Opens a session when the password is right and the account enabled; empty otherwise, without
   * saying which was wrong.
   */
  public Optional<SignedIn> signIn(String username, String password) {
    Optional<String> hash =
        username == null
            ? Optional.empty()
            : db.once(
                "signing in " + username,
                c ->
                    Rows.one(
                        c,
                        "SELECT password_hash FROM accounts WHERE username = ? AND NOT disabled",
                        rs -> rs.getString(1),
                        username));
    if (hash.isEmpty()) {
      passwords.waste(password);
      return Optional.empty();
    }
    if (!passwords.matches(password, hash.get())) {
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
          Optional<Account> account = read(c, username).filter(a -> !a.disabled());
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
  public Optional<Session> session(String secret) {
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
          return read(c, row.get()[1]).map(a -> session(row.get()[0], a, row.get()[2], expires));
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

  private static Session session(String id, Account a, String csrf, Instant expires) {
    return new Session(new Principal(id, a.username(), a.role(), a.scope()), csrf, expires);
  }

  private static int endSessions(Connection c, String username) throws SQLException {
    return Rows.update(c, "DELETE FROM sessions WHERE username = ?", username);
  }

  private static void require(Connection c, String username) throws SQLException {
    if (Rows.one(c, "SELECT 1 FROM accounts WHERE username = ?", rs -> true, username).isEmpty()) {
      throw new NotFoundException("account", username);
    }
  }

  private static void writeHouseholds(Connection c, String username, Set<String> households)
      throws SQLException {
    for (String household : households) {
      Rows.update(
          c,
          "INSERT INTO account_households (username, household_id) VALUES (?, ?)",
          username,
          household);
    }
  }

  private static Optional<Account> read(Connection c, String username) throws SQLException {
    Optional<Account> bare =
        Rows.one(
            c,
            ACCOUNT_COLUMNS + " WHERE username = ?",
            rs ->
                new Account(
                    rs.getString("username"),
                    Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                    rs.getString("unit_id"),
                    rs.getBoolean("all_units"),
                    Set.of(),
                    rs.getBoolean("disabled"),
                    Times.get(rs, "created_at")),
            username);
    if (bare.isEmpty()) {
      return bare;
    }
    Set<String> households =
        new HashSet<>(
            Rows.list(
                c,
                "SELECT household_id FROM account_households WHERE username = ?",
                rs -> rs.getString(1),
                username));
    Account a = bare.get();
    return Optional.of(
        new Account(
            a.username(),
            a.role(),
            a.unitId(),
            a.allUnits(),
            households,
            a.disabled(),
            a.createdAt()));
  }

  private static void checkUsername(String username) {
    if (username == null || username.isBlank()) {
      throw new FieldException("username", "missing");
    }
    if (!USERNAME.matcher(username).matches()) {
      throw new FieldException(
          "username",
          "\""
              + username
              + "\" is not 1 to 64 letters, digits or . _ @ -, starting with a letter or digit");
    }
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
