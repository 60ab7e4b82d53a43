package org.citysense.cloud.events;

import java.time.Instant;

/**
 * One transition of an event: who did what, when, with their note.
 *
 * @param action raised, acknowledged, assigned, resolved, closed (or auto-resolved)
 * @param actor a token's subject, or {@code system} for the rules
 */
public record AuditEntry(
    long eventId,
    Instant at,
    String actor,
    String action,
    EventStatus from,
    EventStatus to,
    String note) {}
