package org.citysense.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.testdb.DatabaseContract;
import org.citysense.cloud.testdb.MutableClock;
import org.citysense.cloud.testdb.RegistryFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One-time enrollment codes: exchanged once for a gateway and its token; they expire. */
public abstract class EnrollmentContract extends DatabaseContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
  private EnrollmentService enrollment;
  private JdbcTokenAuthenticator authenticator;
  private GatewayRepository gateways;

  @BeforeEach
  void createServices() {
    RegistryFixture city = new RegistryFixture(db, clock, List.of("pm25-rs485"));
    gateways = city.gateways;
    enrollment = new EnrollmentService(db, gateways, new TokenService(db, clock), clock);
    authenticator = new JdbcTokenAuthenticator(db);
  }

  @Test
  void aCodeIsExchangedForAGatewayAndItsToken() {
    EnrollmentCode code = enrollment.createCode("c2", Duration.ofHours(24));
    assertThat(code.code()).matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}");
    assertThat(code.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));

    // typed by a person: lower case, without the dash
    Enrolled enrolled =
        enrollment.enroll(code.code().replace("-", "").toLowerCase(Locale.ROOT), "Parkview gw");

    assertThat(gateways.get(enrolled.gatewayId()))
        .hasValueSatisfying(
            g -> {
              assertThat(g.unitId()).isEqualTo("c2");
              assertThat(g.name()).isEqualTo("Parkview gw");
            });
    Principal p = authenticator.authenticate(enrolled.token()).orElseThrow();
    assertThat(p.role()).isEqualTo(Role.GATEWAY);
    assertThat(p.subject()).isEqualTo(enrolled.gatewayId());
  }

  @Test
  void aCodeWorksOnce() {
    EnrollmentCode code = enrollment.createCode("c1", Duration.ofHours(1));
    Enrolled first = enrollment.enroll(code.code(), "first");

    assertThatThrownBy(() -> enrollment.enroll(code.code(), "second"))
        .isInstanceOf(EnrollmentRefusedException.Used.class)
        .hasMessageContaining(first.gatewayId());
    assertThat(gateways.list("c1")).extracting(g -> g.name()).doesNotContain("second");
  }

  @Test
  void anExpiredCodeIsRefused() {
    EnrollmentCode code = enrollment.createCode("c1", Duration.ofMinutes(30));
    clock.advance(Duration.ofMinutes(30));

    assertThatThrownBy(() -> enrollment.enroll(code.code(), "late"))
        .isInstanceOf(EnrollmentRefusedException.Expired.class)
        .hasMessageContaining("expired at 2026-11-22T08:30:00Z");
  }

  @Test
  void anUnknownCodeIsRefused() {
    enrollment.createCode("c1", Duration.ofMinutes(30));

    assertThatThrownBy(() -> enrollment.enroll("ABCDE-FGHJK", "guess"))
        .isInstanceOf(EnrollmentRefusedException.Unknown.class);
  }

  @Test
  void aCodeNeedsAUnitThatExists() {
    assertThatThrownBy(() -> enrollment.createCode("nowhere", Duration.ofMinutes(30)))
        .isInstanceOfSatisfying(
            FieldException.class, e -> assertThat(e.field()).isEqualTo("unitId"));
  }
}
