package org.citysense.cloud.evaluate;

/**
 * A device as the rules see it: where it hangs and which unit its events are routed to.
 *
 * @param stationId the station it hangs from, or null
 * @param householdId the household it hangs from, or null
 * @param unitId the unit its events go to: its station's or household's unit, else its own, else
 *     its gateway's
 */
public record DeviceContext(
    String deviceId,
    String gatewayId,
    String profile,
    String stationId,
    String householdId,
    String unitId) {}
