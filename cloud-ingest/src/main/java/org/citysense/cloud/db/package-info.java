/**
 * Plain JDBC helpers shared by the registry, tokens and ledger: one transaction helper, one
 * exception, one way to store instants. Schema: Flyway migrations in {@code db/migration}, written
 * once for both databases:
 *
 * <ul>
 *   <li>embedded default (no server): {@code
 *       jdbc:h2:file:./data/citysense;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0}
 *       (the options are required: the SQL uses {@code ON CONFLICT DO NOTHING} and lower-case
 *       names; and without {@code WRITE_DELAY=0} H2 writes a commit to its file up to half a second
 *       later, so a killed process loses commits it acknowledged);
 *   <li>production: {@code jdbc:postgresql://host:5432/citysense}, PostgreSQL 15.
 * </ul>
 */
package org.citysense.cloud.db;
