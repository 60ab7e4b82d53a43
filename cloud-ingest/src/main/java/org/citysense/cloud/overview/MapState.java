package org.citysense.cloud.overview;

import java.time.Instant;
import java.util.List;

/**
 * The map of the one screen: its markers, counted at {@code at}.
 *
 * @param offlineAfterSeconds a gateway silent this long is offline, with its devices
 */
public record MapState(Instant at, long offlineAfterSeconds, List<Marker> markers) {}
