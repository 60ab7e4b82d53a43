package org.citysense.cloud.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.db.Transactions;

/** The tree of administrative units. A child's level is always the level below its parent's. */
public final class UnitRepository {
  private static final String COLUMNS = "SELECT id, parent_id, level, name FROM units";
  private static final int MAX_DEPTH = 64;

  private final Transactions db;
  private final UnitLevels levels;

  public UnitRepository(DataSource dataSource, UnitLevels levels) {
    this.db = new Transactions(dataSource);
    this.levels = levels;
  }

  public UnitRepository(DataSource dataSource) {
    this(dataSource, UnitLevels.DEFAULT);
  }

  public UnitLevels levels() {
    return levels;
  }

  /**
   * @throws FieldException naming the field that is wrong
   */
  public Unit create(Unit unit) {
    Checks.id("id", unit.id());
    String name = Checks.text("name", unit.name(), 200);
    return db.inTransaction(
        "creating unit " + unit.id(),
        c -> {
          if (Rows.exists(c, "units", unit.id())) {
            throw new FieldException("id", "unit " + unit.id() + " already exists");
          }
          String expected;
          if (unit.parentId() == null) {
            expected = levels.top();
          } else {
            Unit parent =
                Rows.one(c, COLUMNS + " WHERE id = ?", UnitRepository::map, unit.parentId())
                    .orElseThrow(
                        () -> new FieldException("parentId", "no unit " + unit.parentId()));
            expected =
                levels
                    .below(parent.level())
                    .orElseThrow(
                        () ->
                            new FieldException(
                                "parentId",
                                parent.id()
                                    + " is a "
                                    + parent.level()
                                    + ", the lowest level; it has no children"));
          }
          if (!expected.equals(unit.level())) {
            throw new FieldException(
                "level",
                "\""
                    + unit.level()
                    + "\" cannot be here; "
                    + (unit.parentId() == null ? "a unit without parent" : "a child of a unit")
                    + " of this place is a "
                    + expected
                    + " (levels: "
                    + String.join(" > ", levels.names())
                    + ")");
          }
          Unit created = new Unit(unit.id(), unit.parentId(), unit.level(), name);
          Rows.update(
              c,
              "INSERT INTO units (id, parent_id, level, name) VALUES (?, ?, ?, ?)",
              created.id(),
              created.parentId(),
              created.level(),
              created.name());
          return created;
        });
  }

  public Optional<Unit> get(String id) {
    return db.once(
        "reading unit " + id, c -> Rows.one(c, COLUMNS + " WHERE id = ?", UnitRepository::map, id));
  }

  public List<Unit> list() {
    return db.once(
        "listing units", c -> Rows.list(c, COLUMNS + " ORDER BY id", UnitRepository::map));
  }

  public List<Unit> children(String parentId) {
    return db.once(
        "listing children of unit " + parentId,
        c ->
            Rows.list(
                c, COLUMNS + " WHERE parent_id = ? ORDER BY id", UnitRepository::map, parentId));
  }

  /** Renames a unit; its place in the tree and its level stay. */
  public Unit rename(String id, String name) {
    String checked = Checks.text("name", name, 200);
    return db.inTransaction(
        "renaming unit " + id,
        c -> {
          if (Rows.update(c, "UPDATE units SET name = ? WHERE id = ?", checked, id) == 0) {
            throw new NotFoundException("unit", id);
          }
          return Rows.one(c, COLUMNS + " WHERE id = ?", UnitRepository::map, id).orElseThrow();
        });
  }

  /** The unit and every unit below it: the units an operator bound to {@code unitId} sees. */
  public Set<String> subtree(String unitId) {
    return db.once(
        "listing the units below " + unitId,
        c ->
            new HashSet<>(
                Rows.list(
                    c,
                    "WITH RECURSIVE below (id) AS (SELECT id FROM units WHERE id = ?"
                        + " UNION SELECT u.id FROM units u JOIN below b ON u.parent_id = b.id)"
                        + " SELECT id FROM below",
                    rs -> rs.getString(1),
                    unitId)));
  }

  /**
   * Whether {@code unitId} is {@code ancestorId} or lies below it: what an operator bound to {@code
   * ancestorId} may touch. Walks up the parents, at most one query per level.
   */
  public boolean isWithin(String unitId, String ancestorId) {
    return db.once(
        "checking whether unit " + unitId + " is within " + ancestorId,
        c -> isWithin(c, unitId, ancestorId));
  }

  /** As {@link #isWithin(String, String)}, on the caller's connection. */
  static boolean isWithin(Connection c, String unitId, String ancestorId) throws SQLException {
    String current = unitId;
    // bounded, so that a cycle someone made by hand in the database cannot hang a request
    for (int hops = 0; current != null && hops < MAX_DEPTH; hops++) {
      if (Objects.equals(current, ancestorId)) {
        return true;
      }
      current =
          Rows.one(c, "SELECT parent_id FROM units WHERE id = ?", rs -> rs.getString(1), current)
              .orElse(null);
    }
    return false;
  }

  static Unit map(ResultSet rs) throws SQLException {
    return new Unit(
        rs.getString("id"), rs.getString("parent_id"), rs.getString("level"), rs.getString("name"));
  }
}
