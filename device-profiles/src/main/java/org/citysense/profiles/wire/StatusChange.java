package org.citysense.profiles.wire;

/**
 * A device going online or offline, as the gateway saw it.
 *
 * @param seq from the same per-gateway sequence as readings
 * @param reason why, e.g. "5 consecutive timeouts" or "answered again"
 */
public record StatusChange(long seq, String deviceId, DeviceState state, String reason, long ts) {}
