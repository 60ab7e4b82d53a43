package org.citysense.cloud.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.citysense.cloud.registry.FieldException;

/** Console passwords, hashed with bcrypt (Bouncy Castle); the password itself is never stored. */
public final class Passwords {
  /** Shorter passwords are refused: an account guards a whole unit's events. */
  public static final int MIN_LENGTH = 10;

  /** bcrypt reads at most 72 bytes; a longer password would be cut silently, so it is refused. */
  public static final int MAX_BYTES = 72;

  private final int cost;
  private final SecureRandom random = new SecureRandom();

  /** A hash of the same cost that no sign-in matches, for {@link #waste}. */
  private final String dummy;

  /**
   * @param cost bcrypt's work factor (2^cost rounds), 4 to 31
   */
  public Passwords(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("the bcrypt cost is between 4 and 31, not " + cost);
    }
    this.cost = cost;
    this.dummy = OpenBSDBCrypt.generate("not a password".toCharArray(), new byte[16], cost);
  }

  /**
   * @throws FieldException naming {@code password} when it is too short or too long
   */
  public String hash(String password) {
    check(password);
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return OpenBSDBCrypt.generate(password.toCharArray(), salt, cost);
  }

  public boolean matches(String password, String hash) {
    if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return false;
    }
    return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
  }

  /**
   * Checks a password for a sign-in that found no account, so that an unknown username takes as
   * long to refuse as a wrong password.
   */
  void waste(String password) {
    matches(password == null ? "" : password, dummy);
  }

  static void check(String password) {
    if (password == null || password.isEmpty()) {
      throw new FieldException("password", "missing");
    }
    if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
      throw new FieldException(
          "password", "shorter than " + MIN_LENGTH + " characters; choose a longer one");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new FieldException(
          "password", "longer than " + MAX_BYTES + " bytes in UTF-8, the most bcrypt reads");
    }
  }
}
