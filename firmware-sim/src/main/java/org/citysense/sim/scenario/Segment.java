package org.citysense.sim.scenario;

import java.time.Duration;

/**
 * One stretch of a track: from {@code at} (scenario time) until the next segment, the value follows
 * {@code shape}.
 *
 * @param phase a name shown in the console while this segment is the latest one, or null
 */
public record Segment(Duration at, Shape shape, String phase) {}
