package org.citysense.cloud.ingest;

/** A reading the cloud refused, by seq, with the reason; never retried, never silently dropped. */
public record Rejection(long seq, String reason) {}
