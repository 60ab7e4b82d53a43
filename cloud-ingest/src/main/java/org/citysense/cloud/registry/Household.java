package org.citysense.cloud.registry;

/** A household of a unit; its devices (gas, water meter, alarm button) hang from it. */
public record Household(String id, String unitId, String name, String address) {}
