package org.citysense.cloud.events;

import java.time.Instant;

/**
 * A change from the events' outbox.
 *
 * @param position its place in the outbox, in commit order
 * @param kind raised, acknowledged, resolved or closed
 * @param at the cloud's clock when it happened
 */
public record StoredChange(long position, long eventId, String kind, Instant at) {}
