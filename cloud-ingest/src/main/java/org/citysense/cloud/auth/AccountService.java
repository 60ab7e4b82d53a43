package org.citysense.cloud.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
 * Named accounts for the console, with a bcrypt hash of their password. An account has the role and
 * scope a token would have, checked by the same rules ({@link ScopeChecks}). Disabling, deleting or
 * changing an account, or setting its password, ends its sessions at once ({@link
 * SessionService#endAll}, in the same transaction), and its open event streams at their next check.
 */
public final class AccountService {
  private static final Logger LOG = Logger.getLogger(AccountService.class);
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final String ACCOUNT_COLUMNS =
      "SELECT username, role, unit_id, all_units, disabled, created_at FROM accounts";

  private final Transactions db;
  private final Passwords passwords;
  private final Clock clock;

  public AccountService(DataSource dataSource, Passwords passwords, Clock clock) {
    this.db = new Transactions(dataSource);
    this.passwords = passwords;
    this.clock = clock;
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
          int ended = SessionService.endAll(c, username);
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
          int ended = disabled ? SessionService.endAll(c, username) : 0;
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
          SessionService.endAll(c, username);
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
              SessionService.endAll(c, username);
              Rows.update(c, "DELETE FROM account_households WHERE username = ?", username);
              return Rows.update(c, "DELETE FROM accounts WHERE username = ?", username) == 1;
            });
    if (found) {
      LOG.infof("deleted account [username: %s]", username);
    }
    return found;
  }

  /**
   * Whether the password is the account's and the account enabled, without saying which was wrong:
   * an unknown or disabled account costs a hash as well.
   */
  boolean checkPassword(String username, String password) {
    Optional<String> hash =
        username == null
            ? Optional.empty()
            : db.once(
                "checking the password of account " + username,
                c ->
                    Rows.one(
                        c,
                        "SELECT password_hash FROM accounts WHERE username = ? AND NOT disabled",
                        rs -> rs.getString(1),
                        username));
    if (hash.isEmpty()) {
      passwords.waste(password);
      return false;
    }
    return passwords.matches(password, hash.get());
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

  /**
   * The account of {@code username} on the caller's connection; also for {@link SessionService}.
   */
  static Optional<Account> read(Connection c, String username) throws SQLException {
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
}
