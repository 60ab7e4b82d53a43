package org.citysense.cloud.registry;

/**
 * An administrative unit: a district, street, community or grid (by default).
 *
 * @param parentId null for a unit of the top level
 */
public record Unit(String id, String parentId, String level, String name) {}
