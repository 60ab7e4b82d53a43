package org.citysense.cloud.ingest;

/** What the ingest needs to know of a registered device. */
public record DeviceRecord(String id, String gatewayId, String profile) {}
