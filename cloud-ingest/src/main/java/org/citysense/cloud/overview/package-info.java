/**
 * What the operator console's one screen reads besides the event list: the KPI tiles, the map's
 * markers and their states, unit outlines, an event's timeline and the rules' state per station.
 * Plain Java over JDBC and the existing services; the sums are made by the database, so a screen
 * over a thousand stations reads a few rows.
 */
package org.citysense.cloud.overview;
