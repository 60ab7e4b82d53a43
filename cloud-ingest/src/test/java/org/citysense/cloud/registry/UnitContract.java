package org.citysense.cloud.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.citysense.cloud.testdb.DatabaseContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unit tree: levels in order, and the subtree check that scopes operators. */
public abstract class UnitContract extends DatabaseContract {
  private UnitRepository units;

  @BeforeEach
  void createTree() {
    units = new UnitRepository(db);
    units.create(new Unit("d1", null, "district", "Huangpu"));
    units.create(new Unit("s1", "d1", "street", "Nanjing Road"));
    units.create(new Unit("c1", "s1", "community", "Riverside"));
    units.create(new Unit("c2", "s1", "community", "Parkview"));
    units.create(new Unit("g1", "c1", "grid", "Grid 1"));
  }

  private static void refused(ThrowingCallable call, String field, String reasonPart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FieldException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).contains(reasonPart);
            });
  }

  @Test
  void aUnitIsWithinItselfAndItsAncestors() {
    assertThat(units.isWithin("g1", "d1")).isTrue();
    assertThat(units.isWithin("g1", "c1")).isTrue();
    assertThat(units.isWithin("c1", "c1")).isTrue();
  }

  @Test
  void aUnitIsNotWithinSiblingsOrDescendants() {
    assertThat(units.isWithin("g1", "c2")).isFalse();
    assertThat(units.isWithin("d1", "g1")).isFalse();
    assertThat(units.isWithin("unknown", "d1")).isFalse();
  }

  @Test
  void aChildIsOfTheNextLevel() {
    refused(() -> units.create(new Unit("g2", "s1", "grid", "Grid 2")), "level", "community");
    refused(() -> units.create(new Unit("s2", null, "street", "x")), "level", "district");
    refused(() -> units.create(new Unit("x1", "g1", "grid", "x")), "parentId", "lowest level");
    refused(() -> units.create(new Unit("x1", "nope", "street", "x")), "parentId", "no unit");
  }

  @Test
  void idsAndNamesAreChecked() {
    refused(() -> units.create(new Unit("d1", null, "district", "again")), "id", "exists");
    refused(() -> units.create(new Unit("bad id", null, "district", "x")), "id", "not an id");
    refused(() -> units.create(new Unit("d2", null, "district", " ")), "name", "missing");
  }

  @Test
  void readsListsAndRenames() {
    assertThat(units.get("c1")).contains(new Unit("c1", "s1", "community", "Riverside"));
    assertThat(units.children("s1")).extracting(Unit::id).containsExactly("c1", "c2");
    assertThat(units.list()).hasSize(5);

    assertThat(units.rename("c1", "Riverside East").name()).isEqualTo("Riverside East");
    assertThatThrownBy(() -> units.rename("nope", "x")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void levelNamesComeFromConfiguration() {
    UnitRepository towns = new UnitRepository(db, new UnitLevels(List.of("town", "village")));
    towns.create(new Unit("t1", null, "town", "Zhujiajiao"));
    towns.create(new Unit("v1", "t1", "village", "North"));

    assertThat(towns.isWithin("v1", "t1")).isTrue();
    refused(() -> towns.create(new Unit("v2", "t1", "street", "x")), "level", "village");
  }
}
