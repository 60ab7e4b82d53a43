package org.citysense.cloud.registry;

import java.time.Instant;

/**
 * A registered device: the gateway that reads it, its profile, what it hangs from (at most one of
 * station, household or unit) and where it is.
 *
 * @param createdAt set by the registry; ignored on create and update
 */
public record Device(
    String id,
    String gatewayId,
    String profile,
    String stationId,
    String householdId,
    String unitId,
    Double lat,
    Double lon,
    String place,
    Instant createdAt) {}
