package org.citysense.cloud.auth;

import java.time.Instant;

/**
 * A one-time enrollment code, as shown once to the operator.
 *
 * @param code e.g. {@code K7QM-2XR4-TPBD-9HNA}; case and dashes do not matter when typed back
 */
public record EnrollmentCode(String code, String unitId, Instant expiresAt) {}
