package org.citysense.profiles.wire;

import org.citysense.profiles.model.Value;

/**
 * One action taken at the edge in answer to an alarm.
 *
 * @param deviceId the device acted on (may differ from the alarming one)
 * @param point the point written, e.g. the valve coil
 * @param value what was written
 * @param ok whether the write was confirmed
 * @param detail the error when not, else null
 */
public record EdgeAction(String deviceId, String point, Value value, boolean ok, String detail) {}
