package org.citysense.cloud.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console is static files under {@code /console/} (META-INF/resources/console): an address
 * typed without the last slash is sent there, since its relative module paths need it, and its
 * files are sent with headers that keep them out of other sites' frames (no clicking "acknowledge"
 * through a disguised page), their types unguessed, scripts from elsewhere refused ({@link
 * ConsolePolicy}), and checked for change at each load.
 */
@ApplicationScoped
public class ConsoleRoutes {
  private static final String INDEX = "/META-INF/resources/console/index.html";

  @ConfigProperty(name = "citysense.console.tile-url")
  Optional<String> tileUrl;

  void routes(@Observes Router router) {
    String policy = ConsolePolicy.of(index(), tileUrl);
    // Vert.x matches "/console" to "/console/" as well: only the path without the slash is sent on
    router
        .get("/console")
        .handler(
            rc -> {
              if (rc.request().path().equals("/console")) {
                rc.redirect("/console/");
              } else {
                rc.next();
              }
            });
    router
        .get("/console/*")
        .handler(
            rc -> {
              rc.response()
                  .putHeader("X-Frame-Options", "DENY")
                  .putHeader("Content-Security-Policy", policy)
                  .putHeader("X-Content-Type-Options", "nosniff")
                  .putHeader("Referrer-Policy", "no-referrer");
              // the files have no version in their paths: a browser asks whether they changed
              // (a 304 when not) instead of keeping last release's console for a day, as the
              // static handler's "immutable, max-age=86400" would have it
              rc.addHeadersEndHandler(
                  v -> rc.response().headers().set("Cache-Control", "no-cache"));
              rc.next();
            });
  }

  private static String index() {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + INDEX + " is not in the service");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
