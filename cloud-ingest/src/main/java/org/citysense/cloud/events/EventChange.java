package org.citysense.cloud.events;

/**
 * A change to an event, for live screens.
 *
 * @param kind raised, updated (a repeated signal), cleared (the condition cleared, the event stays
 *     active), acknowledged, assigned, resolved (by an operator or auto-resolved) or closed
 */
public record EventChange(String kind, Event event) {}
