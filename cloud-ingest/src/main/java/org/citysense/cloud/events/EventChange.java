package org.citysense.cloud.events;

/**
 * A change to an event, for live screens.
 *
 * @param kind raised, updated, acknowledged, assigned, resolved or closed
 */
public record EventChange(String kind, Event event) {}
