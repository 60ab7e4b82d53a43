package org.citysense.cloud.api;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.auth.TokenAuthenticator;

/**
 * Every {@code /api/v1} call needs a bearer token, except the {@link OpenPaths}: enrollment (a
 * gateway has no token yet) and the SMS providers' delivery reports ({@link
 * NotifyCallbackResource}: a shared secret guards them). The principal is left on the request for
 * the resources to check roles; family tokens reach only the {@link FamilyPaths}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public final class Authentication implements ContainerRequestFilter {
  public static final String PRINCIPAL = "citysense.principal";

  @Inject TokenAuthenticator tokens;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (OpenPaths.isOpen(path)) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(401, "an Authorization: Bearer <token> header is required");
    }
    Principal principal =
        tokens
            .authenticate(header.substring(7).strip())
            .orElseThrow(() -> new ApiException(401, "the token is unknown or revoked"));
    if (principal.isFamily() && !FamilyPaths.allowed(path)) {
      throw new ApiException(403, Access.FAMILY_ONLY);
    }
    request.setProperty(PRINCIPAL, principal);
  }

  /** The caller of {@code request}, established by this filter. */
  public static Principal of(ContainerRequestContext request) {
    return (Principal) request.getProperty(PRINCIPAL);
  }
}
