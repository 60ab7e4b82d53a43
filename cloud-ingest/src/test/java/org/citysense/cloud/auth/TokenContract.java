package org.citysense.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens are stored hashed, carry their role and unit, and stop working when revoked. */
public abstract class TokenContract extends DatabaseContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private TokenService tokens;
  private JdbcTokenAuthenticator authenticator;
  private RegistryFixture city;

  @BeforeEach
  void createServices() {
    city = new RegistryFixture(db, clock, List.of("pm25-rs485"));
    tokens = new TokenService(db, clock);
    authenticator = new JdbcTokenAuthenticator(db);
  }

  @Test
  void anIssuedTokenFindsItsRoleAndUnit() {
    IssuedToken operator = tokens.issue(Role.OPERATOR, "Li Wei", "c1", null);

    assertThat(operator.secret()).startsWith("cs_").hasSize(3 + 43);
    assertThat(authenticator.authenticate(operator.secret()))
        .contains(new Principal(operator.id(), "Li Wei", Role.OPERATOR, TokenScope.unit("c1")));
  }

  @Test
  void aGatewayTokenNamesItsGateway() {
    IssuedToken token = tokens.issue(Role.GATEWAY, "gateway", null, city.gateway.id());

    Principal p = authenticator.authenticate(token.secret()).orElseThrow();
    assertThat(p.isGateway()).isTrue();
    assertThat(p.subject()).isEqualTo(city.gateway.id());
  }

  @Test
  void onlyTheHashIsStored() throws SQLException {
    IssuedToken token = tokens.issue(Role.VIEWER, "dashboard", "c1", null);

    List<String> stored = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM tokens")) {
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          stored.add(String.valueOf(rs.getObject(i)));
        }
      }
    }
    assertThat(stored).noneMatch(v -> v.contains(token.secret().substring(3)));
    assertThat(stored).contains(Hashes.sha256(token.secret()));
    assertThat(token.toString()).doesNotContain(token.secret());
  }

  @Test
  void aRevokedTokenFindsNobody() {
    IssuedToken token = tokens.issue(Role.ADMIN, "admin", null, null);
    clock.advance(java.time.Duration.ofMinutes(5));

    assertThat(tokens.revoke(token.id())).isTrue();

    assertThat(authenticator.authenticate(token.secret())).isEmpty();
    assertThat(tokens.list())
        .singleElement()
        .satisfies(t -> assertThat(t.revokedAt()).isEqualTo(clock.instant()));
    assertThat(tokens.revoke("tok-unknown")).isFalse();
  }

  @Test
  void activityTellsActiveRevokedAndUnknownTokensApart() {
    IssuedToken active = tokens.issue(Role.VIEWER, "wall", "c1", null);
    IssuedToken revoked = tokens.issue(Role.VIEWER, "old wall", "c1", null);
    tokens.revoke(revoked.id());

    assertThat(tokens.activity(List.of(active.id(), revoked.id(), "tok-unknown")))
        .containsExactlyInAnyOrderEntriesOf(Map.of(active.id(), true, revoked.id(), false));
    assertThat(tokens.activity(List.of())).isEmpty();
  }

  @Test
  void aGatewayTokensBrokerAccountIsOpenedWithItAndClosedWhenItIsRevoked() {
    List<String> calls = new ArrayList<>();
    TokenService withBroker =
        new TokenService(
            db,
            clock,
            new GatewayAccounts() {
              @Override
              public void open(TokenInfo token, String secret) {
                calls.add("open " + token.gatewayId() + " " + secret);
              }

              @Override
              public void close(TokenInfo token) {
                calls.add("close " + token.gatewayId() + " " + token.id());
              }
            });
    IssuedToken gateway = withBroker.issue(Role.GATEWAY, "gateway", null, city.gateway.id());
    withBroker.issue(Role.VIEWER, "wall", "c1", null);
    withBroker.revoke(gateway.id());

    assertThat(calls)
        .containsExactly(
            "open " + city.gateway.id() + " " + gateway.secret(),
            "close " + city.gateway.id() + " " + gateway.id());
  }

  @Test
  void withTheBrokerAwayNoGatewayTokenIsIssuedAndARevocationStillHolds() {
    IssuedToken before = tokens.issue(Role.GATEWAY, "gateway", null, city.gateway.id());
    TokenService brokerAway =
        new TokenService(
            db,
            clock,
            new GatewayAccounts() {
              @Override
              public void open(TokenInfo token, String secret) {
                throw new GatewayAccountsException("connection refused");
              }

              @Override
              public void close(TokenInfo token) {
                throw new GatewayAccountsException("connection refused");
              }
            });

    assertThatThrownBy(() -> brokerAway.issue(Role.GATEWAY, "gateway", null, city.gateway.id()))
        .isInstanceOf(GatewayAccountsException.class)
        .hasMessageContaining("no token issued");
    assertThat(tokens.list())
        .singleElement()
        .satisfies(t -> assertThat(t.id()).isEqualTo(before.id()));

    assertThatThrownBy(() -> brokerAway.revoke(before.id()))
        .isInstanceOf(GatewayAccountsException.class)
        .hasMessageContaining("is revoked");
    assertThat(authenticator.authenticate(before.secret())).isEmpty();
  }

  @Test
  void unknownTokensFindNobody() {
    tokens.issue(Role.ADMIN, "admin", null, null);

    assertThat(authenticator.authenticate("cs_not-a-token")).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
  }

  @Test
  void anOperatorCoversItsUnitsSubtreeOnly() {
    UnitScope scope = new UnitScope(city.units);
    Principal operator =
        authenticator
            .authenticate(tokens.issue(Role.OPERATOR, "Li Wei", "c1", null).secret())
            .orElseThrow();
    Principal viewer =
        authenticator
            .authenticate(tokens.issue(Role.VIEWER, "city", TokenScope.wholeDeployment()).secret())
            .orElseThrow();

    assertThat(scope.covers(operator, "g1")).isTrue();
    assertThat(scope.covers(operator, "c2")).isFalse();
    assertThat(scope.covers(operator, "d1")).isFalse();
    assertThat(scope.covers(viewer, "c2")).isTrue();
    assertThat(tokens.get(operator.tokenId()))
        .hasValueSatisfying(t -> assertThat(t.unitId()).isEqualTo("c1"));
  }

  @Test
  void anOperatorNeedsAUnit() {
    assertThatThrownBy(() -> tokens.issue(Role.OPERATOR, "Li Wei", null, null))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.field()).isEqualTo("unitId"));
  }

  @Test
  void theWholeDeploymentIsAChoiceNotTheDefaultOfAMissingUnit() {
    assertThatThrownBy(() -> tokens.issue(Role.VIEWER, "city", null, null))
        .isInstanceOfSatisfying(
            FieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo("unitId");
              assertThat(e.getMessage()).contains("allUnits");
            });
    assertThatThrownBy(
            () ->
                tokens.issue(
                    Role.VIEWER, "city", new TokenScope("c1", true, java.util.Set.of(), null)))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.field()).isEqualTo("allUnits"));
    assertThatThrownBy(() -> tokens.issue(Role.VIEWER, "city", "c9", null))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.getMessage()).contains("c9"));

    TokenInfo all = tokens.issue(Role.VIEWER, "city", TokenScope.wholeDeployment()).info();
    assertThat(tokens.get(all.id()).orElseThrow().allUnits()).isTrue();
  }

  @Test
  void aFamilyTokenSeesItsHouseholdsAndNoUnit() {
    IssuedToken family =
        tokens.issue(Role.FAMILY, "Wang Fang", TokenScope.households(java.util.Set.of("h-101")));

    Principal p = authenticator.authenticate(family.secret()).orElseThrow();
    assertThat(p.isFamily()).isTrue();
    assertThat(p.householdIds()).containsExactly("h-101");
    assertThat(p.coversAllUnits()).isFalse();
    UnitScope scope = new UnitScope(city.units);
    assertThat(scope.covers(p, "c1")).isFalse();
    assertThat(tokens.list())
        .singleElement()
        .satisfies(t -> assertThat(t.householdIds()).containsExactly("h-101"));

    assertThatThrownBy(() -> tokens.issue(Role.FAMILY, "nobody", TokenScope.NONE))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.field()).isEqualTo("households"));
    assertThatThrownBy(
            () ->
                tokens.issue(
                    Role.FAMILY, "stranger", TokenScope.households(java.util.Set.of("h-999"))))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.getMessage()).contains("h-999"));
    assertThatThrownBy(
            () ->
                tokens.issue(
                    Role.VIEWER,
                    "viewer",
                    new TokenScope("c1", false, java.util.Set.of("h-101"), null)))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.field()).isEqualTo("households"));
  }
}
