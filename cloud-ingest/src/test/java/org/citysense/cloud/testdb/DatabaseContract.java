package org.citysense.cloud.testdb;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;

/**
 * A contract that must hold on every supported database. The runner that nests it ({@code
 * DatabaseH2Test}, {@code DatabasePostgresIT}) brings the database: a fresh, migrated one per test.
 */
public abstract class DatabaseContract {
  protected DataSource db;

  @BeforeEach
  public void openDatabase(DataSource dataSource) {
    this.db = dataSource;
  }
}
