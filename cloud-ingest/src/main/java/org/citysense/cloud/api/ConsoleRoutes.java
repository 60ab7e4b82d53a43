package org.citysense.cloud.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console is static files under {@code /console/} (META-INF/resources/console): an address
 * typed without the last slash is sent there, since its relative module paths need it, and its
 * files are sent with headers that keep them out of other sites' frames (no clicking "acknowledge"
 * through a disguised page) and their types unguessed.
 */
@ApplicationScoped
public class ConsoleRoutes {
  void routes(@Observes Router router) {
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
                  .putHeader("Content-Security-Policy", "frame-ancestors 'none'")
                  .putHeader("X-Content-Type-Options", "nosniff")
                  .putHeader("Referrer-Policy", "no-referrer");
              rc.next();
            });
  }
}
