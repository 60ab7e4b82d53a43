package org.citysense.cloud.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import org.citysense.cloud.testdb.DatabaseContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first admin token: written owner-only, never over an existing file, or configured. */
public abstract class AdminBootstrapContract extends DatabaseContract {
  @TempDir Path folder;
  private TokenService tokens;
  private JdbcTokenAuthenticator authenticator;
  private Path file;

  @BeforeEach
  void createServices() {
    tokens = new TokenService(db, Clock.systemUTC());
    authenticator = new JdbcTokenAuthenticator(db);
    file = folder.resolve("secrets").resolve("admin-token");
  }

  @Test
  void writesAnAdminTokenOnlyTheOwnerCanRead() throws IOException {
    AdminBootstrap.Result result = new AdminBootstrap(tokens, file, Optional.empty()).run();

    assertThat(result.outcome()).isEqualTo(AdminBootstrap.Outcome.WRITTEN);
    assertThat(result.file()).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String secret = Files.readString(file).strip();
    assertThat(authenticator.authenticate(secret))
        .hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.ADMIN));
  }

  @Test
  void doesNothingOnceTokensExist() throws IOException {
    new AdminBootstrap(tokens, file, Optional.empty()).run();
    String first = Files.readString(file);

    AdminBootstrap.Result again = new AdminBootstrap(tokens, file, Optional.empty()).run();

    assertThat(again.outcome()).isEqualTo(AdminBootstrap.Outcome.TOKENS_EXIST);
    assertThat(Files.readString(file)).isEqualTo(first);
    assertThat(tokens.list()).hasSize(1);
  }

  @Test
  void neverOverwritesAnExistingFile() throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "someone's notes\n");

    assertThatThrownBy(() -> new AdminBootstrap(tokens, file, Optional.empty()).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never overwritten");

    assertThat(Files.readString(file)).isEqualTo("someone's notes\n");
    assertThat(tokens.none()).as("no token nobody knows").isTrue();
  }

  @Test
  void storesAConfiguredTokenInsteadOfWritingOne() {
    String configured = "cs_configured-admin-token-0123456789";

    AdminBootstrap.Result result = new AdminBootstrap(tokens, file, Optional.of(configured)).run();

    assertThat(result.outcome()).isEqualTo(AdminBootstrap.Outcome.CONFIGURED);
    assertThat(file).doesNotExist();
    assertThat(authenticator.authenticate(configured))
        .hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.ADMIN));
  }
}
