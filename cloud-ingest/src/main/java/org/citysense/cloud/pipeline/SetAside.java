package org.citysense.cloud.pipeline;

import java.time.Instant;

/**
 * An item the rules could not take, set aside so the rest goes on.
 *
 * @param position the log entry it came in
 * @param stage the rule that failed on it, or {@code events} when storing what a rule found failed
 * @param item the reading, status change, edge event or signal, as JSON
 */
public record SetAside(
    long id,
    long position,
    String gatewayId,
    String deviceId,
    String stage,
    String reason,
    String item,
    Instant at) {}
