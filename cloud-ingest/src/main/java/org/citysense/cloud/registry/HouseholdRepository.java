package org.citysense.cloud.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** Households. */
public final class HouseholdRepository {
  private static final String COLUMNS = "SELECT id, unit_id, name, address FROM households";

  private final Transactions db;

  public HouseholdRepository(DataSource dataSource) {
    this.db = new Transactions(dataSource);
  }

  public Household create(Household household) {
    Household checked = check(household);
    return db.inTransaction(
        "creating household " + household.id(),
        c -> {
          if (Rows.exists(c, "households", checked.id())) {
            throw new FieldException("id", "household " + checked.id() + " already exists");
          }
          StationRepository.requireUnit(c, checked.unitId());
          Rows.update(
              c,
              "INSERT INTO households (id, unit_id, name, address) VALUES (?, ?, ?, ?)",
              checked.id(),
              checked.unitId(),
              checked.name(),
              checked.address());
          return checked;
        });
  }

  /** Replaces the unit, name and address of the household with {@code household.id()}. */
  public Household update(Household household) {
    Household checked = check(household);
    return db.inTransaction(
        "updating household " + household.id(),
        c -> {
          StationRepository.requireUnit(c, checked.unitId());
          int n =
              Rows.update(
                  c,
                  "UPDATE households SET unit_id = ?, name = ?, address = ? WHERE id = ?",
                  checked.unitId(),
                  checked.name(),
                  checked.address(),
                  checked.id());
          if (n == 0) {
            throw new NotFoundException("household", checked.id());
          }
          return checked;
        });
  }

  public Optional<Household> get(String id) {
    return db.once(
        "reading household " + id,
        c -> Rows.one(c, COLUMNS + " WHERE id = ?", HouseholdRepository::map, id));
  }

  /** Households directly in {@code unitId}. */
  public List<Household> list(String unitId) {
    return db.once(
        "listing households of " + unitId,
        c ->
            Rows.list(
                c, COLUMNS + " WHERE unit_id = ? ORDER BY id", HouseholdRepository::map, unitId));
  }

  private static Household check(Household h) {
    Checks.id("id", h.id());
    Checks.id("unitId", h.unitId());
    return new Household(
        h.id(),
        h.unitId(),
        Checks.text("name", h.name(), 200),
        Checks.optionalText("address", h.address(), 400));
  }

  private static Household map(ResultSet rs) throws SQLException {
    return new Household(
        rs.getString("id"), rs.getString("unit_id"), rs.getString("name"), rs.getString("address"));
  }
}
