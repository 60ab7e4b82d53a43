package org.citysense.cloud.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import java.time.Duration;
import java.util.Locale;

/**
 * The console's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it) and Secure when the request came over HTTPS, directly or through a proxy that says
 * so ({@code X-Forwarded-Proto} or {@code Forwarded: proto=https}).
 */
final class SessionCookie {
  static final String NAME = "citysense-session";

  /** The header a change made with the cookie carries, with the session's CSRF token. */
  static final String CSRF_HEADER = "X-CSRF-Token";

  private SessionCookie() {}

  static String of(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(NAME);
    return cookie == null ? null : cookie.getValue();
  }

  static String set(ContainerRequestContext request, String secret, Duration lifetime) {
    return NAME
        + "="
        + secret
        + "; Path=/; Max-Age="
        + lifetime.toSeconds()
        + "; HttpOnly; SameSite=Strict"
        + (https(request) ? "; Secure" : "");
  }

  static String clear(ContainerRequestContext request) {
    return NAME
        + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
        + (https(request) ? "; Secure" : "");
  }

  static boolean https(ContainerRequestContext request) {
    if ("https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme())) {
      return true;
    }
    String proto = request.getHeaderString("X-Forwarded-Proto");
    if (proto != null && proto.split(",")[0].strip().equalsIgnoreCase("https")) {
      return true;
    }
    String forwarded = request.getHeaderString("Forwarded");
    return forwarded != null
        && forwarded.toLowerCase(Locale.ROOT).replace(" ", "").contains("proto=https");
  }
}
