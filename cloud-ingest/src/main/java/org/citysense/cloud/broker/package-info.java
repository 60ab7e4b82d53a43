/**
 * The gateways' MQTT broker accounts, kept in step with their tokens: Mosquitto's dynamic security
 * plugin, commanded over MQTT on {@code $CONTROL/dynamic-security/v1}. Optional ({@code
 * citysense.broker-accounts.enabled}); see docs/operations.md, "Mosquitto (MQTT ingest)".
 */
package org.citysense.cloud.broker;
