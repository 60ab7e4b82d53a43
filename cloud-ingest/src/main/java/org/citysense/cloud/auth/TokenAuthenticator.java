package org.citysense.cloud.auth;

import java.util.Optional;

/** Bearer tokens to principals. Tokens are stored hashed; a revoked token finds nobody. */
public interface TokenAuthenticator {
  Optional<Principal> authenticate(String bearerToken);
}
