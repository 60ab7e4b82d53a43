/**
 * MQTT ingest, off by default: batches published by gateways on {@code
 * citysense/gateways/{id}/batches} go through the same {@link
 * org.citysense.cloud.ingest.IngestService} as HTTP; the reply goes to {@code
 * citysense/gateways/{id}/replies}.
 */
package org.citysense.cloud.mqtt;
