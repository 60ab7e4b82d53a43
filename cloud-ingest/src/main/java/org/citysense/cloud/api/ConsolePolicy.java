package org.citysense.cloud.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's Content-Security-Policy: scripts, styles, data and connections from the service
 * itself only, the one inline script (the import map) by its hash, map tiles from the configured
 * tile server's origin, and no framing. An injected script or a link to another site's script then
 * runs nowhere, even if some text were ever shown unescaped.
 */
final class ConsolePolicy {
  private static final Pattern IMPORT_MAP =
      Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
  private static final Pattern ORIGIN = Pattern.compile("^(https?://[^/?#]+)");

  private ConsolePolicy() {}

  /**
   * @param indexHtml the console's index.html, whose import map is allowed by its hash
   * @param tileUrl the map's tile URL template, e.g. {@code https://{s}.tile.example.org/{z}/…}
   */
  static String of(String indexHtml, Optional<String> tileUrl) {
    Matcher map = IMPORT_MAP.matcher(indexHtml);
    if (!map.find()) {
      throw new IllegalStateException("the console's index.html has no import map");
    }
    String images =
        "'self' data:" + tileUrl.flatMap(ConsolePolicy::origin).map(o -> " " + o).orElse("");
    return "default-src 'none'; script-src 'self' '"
        + sha256(map.group(1))
        + "'; style-src 'self'; img-src "
        + images
        + "; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
        + " frame-ancestors 'none'";
  }

  /** The tile server's origin; a {@code {s}} subdomain becomes a wildcard. */
  static Optional<String> origin(String template) {
    Matcher m = ORIGIN.matcher(template.strip());
    return m.find() ? Optional.of(m.group(1).replace("{s}", "*")) : Optional.empty();
  }

  private static String sha256(String script) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }
}
