package org.citysense.cloud.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.Session;
import org.citysense.cloud.auth.SessionService;
import org.citysense.cloud.auth.TokenAuthenticator;

/**
 * Every {@code /api/v1} call needs a bearer token, except the {@link OpenPaths}: enrollment (a
 * gateway has no token yet) and the SMS providers' delivery reports ({@link
 * NotifyCallbackResource}: a shared secret guards them). Without a bearer token, the console's
 * session cookie ({@link SessionCookie}) does as well, and every change made with it carries the
 * session's CSRF token in {@code X-CSRF-Token}. Either way the principal is left on the request for
 * the resources to check roles, the same checks for both; family principals reach only the {@link
 * FamilyPaths}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public final class Authentication implements ContainerRequestFilter {
  public static final String PRINCIPAL = "citysense.principal";
  static final String SESSION = "citysense.session";

  /** Methods that change nothing: they need no CSRF token. */
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Inject TokenAuthenticator tokens;
  @Inject SessionService sessions;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (SessionResource.PATH.equals(path)) {
      // signing in needs nothing; who-am-I and signing out find their session themselves
      session(request).ifPresent(s -> request.setProperty(SESSION, s));
      return;
    }
    if (OpenPaths.isOpen(path)) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    Principal principal;
    if (header == null && SessionCookie.of(request) != null) {
      Session session =
          session(request)
              .orElseThrow(() -> new ApiException(401, "the session has ended; sign in again"));
      requireCsrf(request, session);
      request.setProperty(SESSION, session);
      principal = session.principal();
    } else {
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw new ApiException(
            401, "an Authorization: Bearer <token> header (or a console session) is required");
      }
      principal =
          tokens
              .authenticate(header.substring(7).strip())
              .orElseThrow(() -> new ApiException(401, "the token is unknown or revoked"));
    }
    if (principal.isFamily() && !FamilyPaths.allowed(path)) {
      throw new ApiException(403, Access.FAMILY_ONLY);
    }
    request.setProperty(PRINCIPAL, principal);
  }

  private Optional<Session> session(ContainerRequestContext request) {
    return sessions.find(SessionCookie.of(request));
  }

  /**
   * A change made with the cookie carries the session's CSRF token: another site can make a browser
   * send the cookie (were SameSite not honoured), but cannot read the token to send it.
   */
  static void requireCsrf(ContainerRequestContext request, Session session) {
    if (SAFE.contains(request.getMethod())) {
      return;
    }
    String sent = request.getHeaderString(SessionCookie.CSRF_HEADER);
    if (sent == null
        || !MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            session.csrf().getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(
          403,
          "a change made with the console's session needs its CSRF token in the "
              + SessionCookie.CSRF_HEADER
              + " header (from GET /api/v1/session)");
    }
  }

  /** The caller of {@code request}, established by this filter. */
  public static Principal of(ContainerRequestContext request) {
    return (Principal) request.getProperty(PRINCIPAL);
  }
}
