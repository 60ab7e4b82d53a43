/**
 * The registry: administrative units, stations, households, gateways and devices, in the relational
 * store. Plain Java over a {@link javax.sql.DataSource}; refusals name the field.
 */
package org.citysense.cloud.registry;
