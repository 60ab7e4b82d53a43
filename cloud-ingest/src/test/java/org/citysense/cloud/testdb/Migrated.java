package org.citysense.cloud.testdb;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Applies the service's migrations, as Quarkus does at start. */
final class Migrated {
  private Migrated() {}

  static DataSource migrate(DataSource dataSource) {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    return dataSource;
  }
}
