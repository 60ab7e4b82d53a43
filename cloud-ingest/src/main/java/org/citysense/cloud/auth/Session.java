package org.citysense.cloud.auth;

import java.time.Instant;

/**
 * A signed-in session: who it is and the CSRF token every change made with its cookie carries.
 *
 * @param principal its id is the session's ({@link SessionService#SESSION_PREFIX}), so that open
 *     event streams are ended with it
 */
public record Session(Principal principal, String csrf, Instant expiresAt) {}
