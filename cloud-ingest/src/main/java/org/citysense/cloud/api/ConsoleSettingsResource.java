package org.citysense.cloud.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/v1/console/settings}: what the console needs to know of the deployment: the map
 * tile URL ({@code citysense.console.tile-url}, none by default: the map then shows the outlines on
 * a plain background, which works without internet) and its attribution.
 */
@Path("/api/v1/console/settings")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleSettingsResource {
  /**
   * @param tileUrl a Leaflet tile URL template such as {@code
   *     https://tile.example/{z}/{x}/{y}.png}, null for none
   * @param tileAttribution the tiles' attribution text, null for none
   */
  public record Settings(String tileUrl, String tileAttribution) {}

  @Inject Access access;

  @ConfigProperty(name = "citysense.console.tile-url")
  Optional<String> tileUrl;

  @ConfigProperty(name = "citysense.console.tile-attribution")
  Optional<String> tileAttribution;

  @GET
  public Settings settings(@Context ContainerRequestContext request) {
    access.refuseGateway(Authentication.of(request));
    return new Settings(tileUrl.orElse(null), tileAttribution.orElse(null));
  }
}
