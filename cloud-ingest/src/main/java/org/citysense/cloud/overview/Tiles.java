package org.citysense.cloud.overview;

import java.time.Instant;
import java.util.Map;
import org.citysense.cloud.events.UnitKpi;

/**
 * The KPI tiles of the one screen, for a set of units at one moment.
 *
 * @param at when they were counted (the cloud's clock)
 * @param gateways gateways by contact: offline when silent past the offline rule's gateway silence
 * @param devices devices by contact: offline when an offline event is active for the device or its
 *     gateway is offline; in maintenance when a window covers now (counted in online or offline
 *     too)
 * @param openBySeverity active (open or acknowledged) events per severity, test events left out
 * @param unacknowledged of those, still open
 * @param oldestUnacknowledgedAt when the oldest still-open event was raised, null if none
 * @param oldestUnacknowledgedSeconds its age at {@code at}, null if none
 * @param notificationsFailed24h notifications that failed in the 24 h before {@code at}
 * @param closure the closed loop over events raised in {@code closureDays} days before {@code at}
 */
public record Tiles(
    Instant at,
    Contact gateways,
    DeviceContact devices,
    Map<String, Long> openBySeverity,
    long unacknowledged,
    Instant oldestUnacknowledgedAt,
    Long oldestUnacknowledgedSeconds,
    long notificationsFailed24h,
    int closureDays,
    UnitKpi closure) {

  /** Gateways online and offline; {@code offlineAfterSeconds} is the silence that makes offline. */
  public record Contact(long total, long online, long offline, long offlineAfterSeconds) {}

  /** Devices online, offline and in maintenance. */
  public record DeviceContact(long total, long online, long offline, long maintenance) {}
}
