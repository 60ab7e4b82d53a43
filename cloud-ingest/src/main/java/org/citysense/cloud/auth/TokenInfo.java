package org.citysense.cloud.auth;

import java.time.Instant;

/**
 * A stored token, without its secret.
 *
 * @param unitId the unit an operator or viewer is bound to; null for all
 * @param gatewayId the gateway of a gateway token; null otherwise
 * @param revokedAt null while valid
 */
public record TokenInfo(
    String id,
    Role role,
    String subject,
    String unitId,
    String gatewayId,
    Instant createdAt,
    Instant revokedAt) {}
