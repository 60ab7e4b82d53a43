package org.citysense.cloud.events;

import java.time.Instant;

/** A device in maintenance mode from {@code since} until {@code until}: its events are tests. */
public record Maintenance(
    String deviceId, Instant since, Instant until, String startedBy, String note) {}
