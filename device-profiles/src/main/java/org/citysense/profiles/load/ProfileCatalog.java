package org.citysense.profiles.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.citysense.profiles.model.DeviceProfile;

/**
 * The profiles a process knows: the bundled ones, optionally extended or overridden by a folder of
 * the user's own. Each catalog is an ordinary object; make as many as needed.
 */
public final class ProfileCatalog {
  private static final String BUNDLED_INDEX = "/profiles/index.txt";

  private final Map<String, DeviceProfile> profiles;
  private final List<Problem> hints;

  private ProfileCatalog(Map<String, DeviceProfile> profiles, List<Problem> hints) {
    this.profiles = Map.copyOf(profiles);
    this.hints = List.copyOf(hints);
  }

  /** The profiles that ship with this module. */
  public static ProfileCatalog bundled() {
    return build(List.of());
  }

  /** The bundled profiles plus every {@code *.yaml} in {@code folder}; a folder's file wins. */
  public static ProfileCatalog withFolder(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return build(files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList());
    } catch (IOException e) {
      throw new InvalidFileException(
          List.of(new Problem(folder.toString(), 1, "", "cannot list profiles (" + e + ")")));
    }
  }

  private static ProfileCatalog build(List<Path> userFiles) {
    ProfileLoader loader = new ProfileLoader();
    Map<String, DeviceProfile> byId = new LinkedHashMap<>();
    List<Problem> hints = new ArrayList<>();
    List<Problem> errors = new ArrayList<>();
    for (String name : bundledNames()) {
      ProfileLoader.Loaded loaded = loader.parse(name, bundledText(name));
      byId.put(loaded.profile().id(), loaded.profile());
    }
    for (Path file : userFiles) {
      try {
        ProfileLoader.Loaded loaded = loader.load(file);
        byId.put(loaded.profile().id(), loaded.profile());
        hints.addAll(loaded.hints());
      } catch (InvalidFileException e) {
        errors.addAll(e.problems());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidFileException(errors);
    }
    return new ProfileCatalog(byId, hints);
  }

  public Optional<DeviceProfile> find(String id) {
    return Optional.ofNullable(profiles.get(id));
  }

  public List<String> ids() {
    return profiles.keySet().stream().sorted().toList();
  }

  public List<DeviceProfile> all() {
    return ids().stream().map(profiles::get).toList();
  }

  /** Hints from loading the user's profiles, such as how a datasheet address was read. */
  public List<Problem> hints() {
    return hints;
  }

  /** The file names of the bundled profiles, e.g. {@code pm25-rs485.yaml}. */
  public static List<String> bundledNames() {
    String index = bundledText("index.txt");
    return index
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** The text of a bundled profile file. */
  public static String bundledText(String name) {
    String resource = BUNDLED_INDEX.replace("index.txt", name);
    try (InputStream in = ProfileCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource missing: " + resource);
      }
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader
            .lines()
            .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append)
            .toString();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
