package org.citysense.cloud.testdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The migrations run, leave every table empty, and a second run has nothing left to do. */
public abstract class MigrationContract extends DatabaseContract {
  @Test
  void createsEveryTable() throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String table :
          new String[] {
            "units",
            "stations",
            "households",
            "gateways",
            "devices",
            "tokens",
            "enrollment_codes",
            "delivered",
            "batch_replies",
            "events",
            "event_audit",
            "maintenance",
            "household_contacts",
            "unit_staff",
            "station_levels",
            "notifications",
            "event_codes",
            "handoff_log",
            "rule_checkpoints",
            "set_aside",
            "event_changes",
            "consumer_positions"
          }) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          assertThat(rs.getLong(1)).as(table).isZero();
        }
      }
    }
  }

  @Test
  void migratingAgainDoesNothing() {
    assertThat(Flyway.configure().dataSource(db).load().migrate().migrationsExecuted).isZero();
  }
}
