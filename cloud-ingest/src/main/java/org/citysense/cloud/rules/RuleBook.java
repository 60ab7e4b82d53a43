package org.citysense.cloud.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The rule file in force. The file is the one truth: read at start (written from the bundled
 * defaults when missing), replaced atomically by {@code PUT /api/v1/rules}, so a restart keeps what
 * an operator put and an administrator can still edit it by hand.
 */
public final class RuleBook {
  private final Path file;
  private final RuleReader reader = new RuleReader();
  private final List<Consumer<RuleSet>> listeners = new CopyOnWriteArrayList<>();
  private volatile RuleSet current;
  private volatile String text;

  /**
   * @throws org.citysense.profiles.load.InvalidFileException when the file has problems, each named
   *     with its line
   */
  public RuleBook(Path file) {
    this.file = file;
    if (!Files.exists(file)) {
      write(bundledText());
    }
    this.text = read(file);
    this.current = reader.read(file.toString(), text);
  }

  public RuleSet current() {
    return current;
  }

  /** The file's text as it is, comments and all. */
  public String text() {
    return text;
  }

  public Path file() {
    return file;
  }

  /**
   * Validates {@code newText} (YAML, or JSON which is YAML too), then writes it and puts it in
   * force. Nothing changes when it has a problem.
   *
   * @param source how problems name the text, e.g. "PUT /api/v1/rules"
   * @throws org.citysense.profiles.load.InvalidFileException naming each problem's line and field
   */
  public synchronized RuleSet replace(String source, String newText) {
    RuleSet next = reader.read(source, newText);
    write(newText);
    this.text = newText;
    this.current = next;
    for (Consumer<RuleSet> listener : listeners) {
      listener.accept(next);
    }
    return next;
  }

  /** Called with every rule set put in force after this one; returns how to stop it. */
  public Runnable onChange(Consumer<RuleSet> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void write(String content) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".rules", ".yaml");
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the rule file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the rule file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The bundled defaults with their comments, for a first start. */
  public static String bundledText() {
    try (InputStream in = RuleBook.class.getResourceAsStream(RuleReader.BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(
            "the bundled rule file " + RuleReader.BUNDLED + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
