package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.Role;
import org.citysense.cloud.auth.Session;
import org.citysense.cloud.auth.SessionService;
import org.citysense.cloud.auth.SignInThrottle;
import org.citysense.cloud.auth.SignedIn;
import org.citysense.cloud.registry.FieldException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /api/v1/session}: the console signs in with a named account's username and password and
 * gets a session cookie (see {@link SessionCookie}) and the CSRF token its changes carry; who am I;
 * signing out. Failed sign-ins are counted per address: past the limit, 429 with Retry-After.
 */
@Path(SessionResource.PATH)
@Blocking
public class SessionResource {
  static final String PATH = "/api/v1/session";

  public record Credentials(String username, String password) {}

  /**
   * Who is signed in.
   *
   * @param csrf sent back in {@code X-CSRF-Token} with every change
   */
  public record Me(
      String username,
      Role role,
      String unitId,
      boolean allUnits,
      Set<String> householdIds,
      String csrf,
      Instant expiresAt) {
    static Me of(Session s) {
      Principal p = s.principal();
      return new Me(
          p.subject(),
          p.role(),
          p.unitId(),
          p.scope().allUnits(),
          p.householdIds(),
          s.csrf(),
          s.expiresAt());
    }
  }

  @Inject SessionService sessions;
  @Inject SignInThrottle throttle;

  @ConfigProperty(name = "citysense.console.session-lifetime", defaultValue = "12H")
  Duration lifetime;

  @POST
  public Response signIn(
      @Context ContainerRequestContext request, @Context HttpServerRequest http, Credentials body) {
    String address = http.remoteAddress().hostAddress();
    throttle
        .failures()
        .waitFor(address)
        .ifPresent(
            wait -> {
              throw new ThrottledException(
                  "too many failed sign-ins from this address; try again in "
                      + wait.toSeconds()
                      + " s",
                  "password",
                  wait);
            });
    Credentials c = Bodies.required(body);
    if (c.username() == null || c.username().isBlank()) {
      throw new FieldException("username", "missing");
    }
    if (c.password() == null || c.password().isEmpty()) {
      throw new FieldException("password", "missing");
    }
    SignedIn signedIn =
        sessions
            .signIn(c.username().strip(), c.password())
            .orElseThrow(
                () -> {
                  throttle.failures().failed(address);
                  return new ApiException(401, "wrong username or password, or account disabled");
                });
    Duration left = Duration.between(Instant.now(), signedIn.session().expiresAt());
    return Response.ok(Me.of(signedIn.session()))
        .header(HttpHeaders.SET_COOKIE, SessionCookie.set(request, signedIn.secret(), left))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  @GET
  public Response me(@Context ContainerRequestContext request) {
    Session session = (Session) request.getProperty(Authentication.SESSION);
    if (session == null) {
      throw new ApiException(401, "not signed in");
    }
    return Response.ok(Me.of(session)).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
  }

  /** Ends the session and clears the cookie; without a session, only clears the cookie. */
  @DELETE
  public Response signOut(@Context ContainerRequestContext request) {
    Session session = (Session) request.getProperty(Authentication.SESSION);
    if (session != null) {
      Authentication.requireCsrf(request, session);
      sessions.signOut(SessionCookie.of(request));
    }
    return Response.noContent()
        .header(HttpHeaders.SET_COOKIE, SessionCookie.clear(request))
        .build();
  }
}
