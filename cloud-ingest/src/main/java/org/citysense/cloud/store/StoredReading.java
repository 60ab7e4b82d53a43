package org.citysense.cloud.store;

import org.citysense.profiles.wire.WireReading;

/** A reading as stored: the wire reading and the gateway that sent it. */
public record StoredReading(String gatewayId, WireReading reading) {}
