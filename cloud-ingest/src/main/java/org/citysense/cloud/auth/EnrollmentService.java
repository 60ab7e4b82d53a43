package org.citysense.cloud.auth;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;
import org.citysense.cloud.db.Times;
import org.citysense.cloud.db.Transactions;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.Gateway;
import org.citysense.cloud.registry.GatewayRepository;
import org.jboss.logging.Logger;

/**
 * Gateway enrollment: an operator makes a one-time code for a community; the gateway exchanges it,
 * once, for its id and secret token. Codes are stored hashed and expire.
 */
public final class EnrollmentService {
  private static final Logger LOG = Logger.getLogger(EnrollmentService.class);

  /** Crockford's base32: no I, L, O or U, so nothing is misread when typed from a screen. */
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  /** 16 characters of 5 bits: 80 bits, too many to guess within a code's lifetime. */
  private static final int LENGTH = 16;

  /** Typed in groups of four, e.g. {@code K7QM-2XR4-TPBD-9HNA}. */
  private static final int GROUP = 4;

  private final Transactions db;
  private final GatewayRepository gateways;
  private final TokenService tokens;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public EnrollmentService(
      DataSource dataSource, GatewayRepository gateways, TokenService tokens, Clock clock) {
    this.db = new Transactions(dataSource);
    this.gateways = gateways;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * @param ttl how long the code may be used
   */
  public EnrollmentCode createCode(String unitId, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new FieldException("ttl", ttl + " is not a positive duration");
    }
    StringBuilder raw = new StringBuilder();
    for (int i = 0; i < LENGTH; i++) {
      raw.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    Instant now = clock.instant();
    Instant expires = now.plus(ttl);
    db.inTransaction(
        "creating an enrollment code for " + unitId,
        c -> {
          if (!exists(c, unitId)) {
            throw new FieldException("unitId", "no unit " + unitId);
          }
          try (var s =
              c.prepareStatement(
                  "INSERT INTO enrollment_codes (code_hash, unit_id, created_at, expires_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            s.setString(1, Hashes.sha256(raw.toString()));
            s.setString(2, unitId);
            Times.set(s, 3, now);
            Times.set(s, 4, expires);
            s.executeUpdate();
          }
          return null;
        });
    LOG.infof("created an enrollment code [unit: %s, expires: %s]", unitId, expires);
    return new EnrollmentCode(grouped(raw), unitId, expires);
  }

  private static String grouped(CharSequence raw) {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < raw.length(); i += GROUP) {
      code.append(i == 0 ? "" : "-").append(raw, i, i + GROUP);
    }
    return code.toString();
  }

  /**
   * Exchanges a code for a new gateway of the code's unit and that gateway's token.
   *
   * @throws EnrollmentRefusedException.Unknown, .Used or .Expired
   */
  public Enrolled enroll(String code, String gatewayName) {
    String hash = Hashes.sha256(normalize(code));
    Instant now = clock.instant();
    Enrolled enrolled =
        db.inTransaction(
            "enrolling a gateway",
            c -> {
              CodeRow row = lockCode(c, hash);
              if (row.gatewayId() != null || row.usedAt() != null) {
                throw new EnrollmentRefusedException.Used(row.gatewayId());
              }
              if (!now.isBefore(row.expiresAt())) {
                throw new EnrollmentRefusedException.Expired(row.expiresAt());
              }
              Gateway gateway = gateways.create(c, row.unitId(), gatewayName);
              IssuedToken token =
                  tokens.issue(
                      c, Role.GATEWAY, "gateway " + gateway.id(), TokenScope.gateway(gateway.id()));
              try (var s =
                  c.prepareStatement(
                      "UPDATE enrollment_codes SET used_at = ?, gateway_id = ?"
                          + " WHERE code_hash = ? AND used_at IS NULL")) {
                Times.set(s, 1, now);
                s.setString(2, gateway.id());
                s.setString(3, hash);
                if (s.executeUpdate() != 1) {
                  throw new EnrollmentRefusedException.Used("another, at the same moment");
                }
              }
              return new Enrolled(gateway.id(), gateway.unitId(), token.secret());
            });
    LOG.infof(
        "enrolled a gateway [gateway: %s, unit: %s]", enrolled.gatewayId(), enrolled.unitId());
    return enrolled;
  }

  /** Upper case, without dashes or spaces: what was typed, as it was made. */
  static String normalize(String code) {
    return code == null ? "" : code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
  }

  private record CodeRow(String unitId, Instant expiresAt, Instant usedAt, String gatewayId) {}

  /** The code's row, locked until the transaction ends, so two gateways cannot both use it. */
  private static CodeRow lockCode(Connection c, String hash) throws SQLException {
    try (var s =
        c.prepareStatement(
            "SELECT unit_id, expires_at, used_at, gateway_id FROM enrollment_codes"
                + " WHERE code_hash = ? FOR UPDATE")) {
      s.setString(1, hash);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new EnrollmentRefusedException.Unknown();
        }
        return new CodeRow(
            rs.getString("unit_id"),
            Times.get(rs, "expires_at"),
            Times.get(rs, "used_at"),
            rs.getString("gateway_id"));
      }
    }
  }

  private static boolean exists(Connection c, String unitId) throws SQLException {
    try (var s = c.prepareStatement("SELECT 1 FROM units WHERE id = ?")) {
      s.setString(1, unitId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
