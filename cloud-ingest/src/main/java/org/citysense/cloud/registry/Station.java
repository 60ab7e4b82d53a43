package org.citysense.cloud.registry;

/** A monitoring station of a unit, at a WGS-84 position (lat, lon may both be null). */
public record Station(String id, String unitId, String name, Double lat, Double lon) {}
