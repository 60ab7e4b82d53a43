package org.citysense.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts keep a bcrypt hash and the scope rules of tokens; sessions are kept by their cookie's
 * hash, expire, and end when their account is disabled, changed, given a new password or deleted.
 */
public abstract class AccountContract extends DatabaseContract {
  private static final String PASSWORD = "a long enough password";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private AccountService accounts;
  private SessionService sessions;

  @BeforeEach
  void createServices() {
    new RegistryFixture(db, clock, List.of("pm25-rs485"));
    accounts = new AccountService(db, new Passwords(4), clock);
    sessions = new SessionService(db, accounts, clock, Duration.ofHours(12));
  }

  @Test
  void aSessionCarriesTheAccountsRoleAndScope() {
    accounts.create("wang", PASSWORD, Role.FAMILY, TokenScope.households(Set.of("h-101")));

    SignedIn signedIn = sessions.signIn("wang", PASSWORD).orElseThrow();

    Session session = sessions.find(signedIn.secret()).orElseThrow();
    assertThat(session.principal().tokenId()).startsWith(SessionService.SESSION_PREFIX);
    assertThat(session.principal().role()).isEqualTo(Role.FAMILY);
    assertThat(session.principal().householdIds()).containsExactly("h-101");
    assertThat(session.csrf()).isEqualTo(signedIn.session().csrf()).hasSizeGreaterThan(40);
    assertThat(sessions.signIn("wang", "a wrong password!")).isEmpty();
    assertThat(sessions.signIn("nobody", PASSWORD)).isEmpty();
  }

  @Test
  void scopesFollowTheTokenRules() {
    assertThatThrownBy(() -> accounts.create("a", PASSWORD, Role.OPERATOR, TokenScope.NONE))
        .isInstanceOf(FieldException.class)
        .hasMessageContaining("unitId");
    assertThatThrownBy(() -> accounts.create("b", PASSWORD, Role.VIEWER, TokenScope.unit("c9")))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> accounts.create("c", "short", Role.ADMIN, TokenScope.NONE))
        .hasMessageContaining("password");
    assertThatThrownBy(() -> accounts.create("bad name", PASSWORD, Role.ADMIN, TokenScope.NONE))
        .hasMessageContaining("username");
    accounts.create("d", PASSWORD, Role.VIEWER, TokenScope.unit("c1"));
    assertThatThrownBy(() -> accounts.create("d", PASSWORD, Role.ADMIN, TokenScope.NONE))
        .hasMessageContaining("taken");
    assertThat(accounts.list()).extracting(Account::username).containsExactly("d");
  }

  @Test
  void onlyHashesAreStored() throws SQLException {
    accounts.create("li", PASSWORD, Role.ADMIN, TokenScope.NONE);
    SignedIn signedIn = sessions.signIn("li", PASSWORD).orElseThrow();

    List<String> stored = new ArrayList<>();
    for (String table : List.of("accounts", "sessions")) {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
        while (rs.next()) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            stored.add(String.valueOf(rs.getObject(i)));
          }
        }
      }
    }
    assertThat(stored).noneMatch(v -> v.contains(PASSWORD) || v.contains(signedIn.secret()));
    assertThat(stored).contains(Hashes.sha256(signedIn.secret()));
    assertThat(stored).anyMatch(v -> v.startsWith("$2"));
  }

  @Test
  void aSessionExpires() {
    accounts.create("li", PASSWORD, Role.ADMIN, TokenScope.NONE);
    SignedIn signedIn = sessions.signIn("li", PASSWORD).orElseThrow();
    String id = signedIn.session().principal().tokenId();

    clock.advance(Duration.ofHours(12));

    assertThat(sessions.find(signedIn.secret())).isEmpty();
    assertThat(sessions.activity(List.of(id))).isEqualTo(Map.of(id, false));
    assertThat(sessions.sweep()).isEqualTo(1);
    assertThat(sessions.activity(List.of(id))).isEmpty();
  }

  @Test
  void disablingChangingOrDeletingEndsTheSessions() {
    accounts.create("li", PASSWORD, Role.VIEWER, TokenScope.unit("c1"));
    SignedIn first = sessions.signIn("li", PASSWORD).orElseThrow();
    String id = first.session().principal().tokenId();
    assertThat(sessions.activity(List.of(id))).isEqualTo(Map.of(id, true));

    accounts.setDisabled("li", true);
    assertThat(sessions.find(first.secret())).isEmpty();
    assertThat(sessions.activity(List.of(id))).isEmpty();
    assertThat(sessions.signIn("li", PASSWORD)).isEmpty();
    accounts.setDisabled("li", false);
    assertThat(sessions.find(first.secret())).isEmpty();

    SignedIn second = sessions.signIn("li", PASSWORD).orElseThrow();
    Account changed = accounts.change("li", Role.OPERATOR, TokenScope.wholeDeployment());
    assertThat(changed.role()).isEqualTo(Role.OPERATOR);
    assertThat(changed.allUnits()).isTrue();
    assertThat(sessions.find(second.secret())).isEmpty();

    SignedIn third = sessions.signIn("li", PASSWORD).orElseThrow();
    assertThat(sessions.find(third.secret()).orElseThrow().principal().role())
        .isEqualTo(Role.OPERATOR);
    sessions.signOut(third.secret());
    assertThat(sessions.find(third.secret())).isEmpty();

    SignedIn fourth = sessions.signIn("li", PASSWORD).orElseThrow();
    accounts.setPassword("li", "another long password");
    assertThat(sessions.find(fourth.secret())).isEmpty();
    assertThat(sessions.signIn("li", PASSWORD)).isEmpty();

    SignedIn fifth = sessions.signIn("li", "another long password").orElseThrow();
    assertThat(accounts.delete("li")).isTrue();
    assertThat(sessions.find(fifth.secret())).isEmpty();
    assertThat(accounts.delete("li")).isFalse();
    assertThatThrownBy(() -> accounts.setDisabled("li", true))
        .isInstanceOf(NotFoundException.class);
  }
}
