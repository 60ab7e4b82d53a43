package org.citysense.cloud.evaluate;

/** A station with a WGS-84 position, for the neighbour rule. */
public record StationPlace(String stationId, String unitId, double lat, double lon) {}
