package org.citysense.cloud.mqtt;

/**
 * The reply to a batch that was not accepted, with the HTTP-like status the REST ingest would have
 * answered.
 *
 * @param field the field to blame, or null
 * @param retryAfterSeconds when to send again (503 only), or null
 */
public record MqttError(
    String batchId, int status, String error, String field, Integer retryAfterSeconds) {}
