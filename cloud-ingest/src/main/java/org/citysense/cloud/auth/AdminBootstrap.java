package org.citysense.cloud.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first admin token, on the first start with an empty token table: either the one given in
 * configuration (its hash is stored), or a new one written to a file only the owner can read.
 */
public final class AdminBootstrap {
  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
  private static final int MIN_CONFIGURED_LENGTH = 24;

  private final TokenService tokens;
  private final Path tokenFile;
  private final Optional<String> configuredToken;

  /** What the bootstrap did, for the start-up log. */
  public enum Outcome {
    /** Tokens exist already; nothing done. */
    TOKENS_EXIST,
    /** The configured token was stored. */
    CONFIGURED,
    /** A new token was written to {@link Result#file()}. */
    WRITTEN
  }

  /**
   * @param file where the token is written, when written; null unless WRITTEN
   */
  public record Result(Outcome outcome, Path file, String tokenId) {}

  /**
   * @param tokenFile where a new admin token is written; must not exist yet
   * @param configuredToken an admin token from configuration, used instead of a new one
   */
  public AdminBootstrap(TokenService tokens, Path tokenFile, Optional<String> configuredToken) {
    this.tokens = tokens;
    this.tokenFile = tokenFile;
    this.configuredToken = configuredToken.filter(t -> !t.isBlank());
  }

  /**
   * @throws IllegalStateException when the token file already exists: it is never overwritten
   */
  public Result run() {
    if (!tokens.none()) {
      return new Result(Outcome.TOKENS_EXIST, null, null);
    }
    if (configuredToken.isPresent()) {
      if (configuredToken.get().length() < MIN_CONFIGURED_LENGTH) {
        throw new IllegalArgumentException(
            "the configured admin token is shorter than "
                + MIN_CONFIGURED_LENGTH
                + " characters; use a long random one");
      }
      TokenInfo info = tokens.register(Role.ADMIN, "admin", configuredToken.get());
      LOG.infof("stored the configured admin token [id: %s]", info.id());
      return new Result(Outcome.CONFIGURED, null, info.id());
    }
    // the file first: if it cannot be written, no token exists that nobody knows
    String secret = tokens.newSecret();
    write(secret);
    try {
      TokenInfo info = tokens.register(Role.ADMIN, "admin", secret);
      LOG.infof("wrote the first admin token [id: %s, file: %s]", info.id(), tokenFile);
      return new Result(Outcome.WRITTEN, tokenFile, info.id());
    } catch (RuntimeException e) {
      deleteQuietly();
      throw e;
    }
  }

  private void write(String secret) {
    try {
      Path parent = tokenFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // created with owner-only permissions, so it is never readable by others, not even briefly
      Files.createFile(
          tokenFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Writer w =
          Files.newBufferedWriter(tokenFile, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
        w.write(secret + "\n");
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException(
          "the token table is empty, but "
              + tokenFile
              + " exists; it is never overwritten. Move it away, or configure an admin token",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the admin token to " + tokenFile, e);
    }
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(tokenFile);
    } catch (IOException e) {
      LOG.warnf("cannot remove the unused token file [file: %s, cause: %s]", tokenFile, e);
    }
  }
}
