/**
 * Plain JDBC helpers shared by the registry, tokens and ledger: one transaction helper, one
 * exception, one way to store instants. Schema: Flyway migrations in {@code db/migration}.
 */
package org.citysense.cloud.db;
