package org.citysense.demo;

import java.util.List;
import java.util.Optional;

/**
 * Who the community's notifications reach: the families of three elderly residents, the community's
 * grid worker, and the community's staff member responsible for its area (air stations, river
 * gauge). Phones are +86 mobiles made up for the demo.
 */
final class People {
  /**
   * @param where a household id (family) or a unit id (staff)
   * @param role family, grid_worker or staff
   * @param repliesOne whether this person answers each SMS with "1" (acknowledge)
   */
  record Person(
      String name, String phone, String role, String where, String language, boolean repliesOne) {
    String label() {
      return name
          + ", "
          + (role.equals("family")
              ? "family of " + where
              : role.replace('_', ' ') + " of " + where);
    }
  }

  static final String DISTRICT = "d-east";
  static final String STREET = "s-riverside";
  static final String COMMUNITY = "c-garden";

  static final Person GAS_FAMILY =
      new Person("Wang Fang", "+8613800000203", "family", "h-203", "zh", true);
  static final Person SMOKE_FAMILY =
      new Person("Li Na", "+8613800000101", "family", "h-101", "zh", false);
  static final Person WELFARE_FAMILY =
      new Person("Zhao Min", "+8613800000501", "family", "h-501", "en", true);
  static final Person GRID_WORKER =
      new Person("Zhang Wei", "+8613900000001", "grid_worker", COMMUNITY, "zh", false);
  static final Person AREA_RESPONSIBLE =
      new Person("Chen Jing", "+8613900000002", "staff", COMMUNITY, "zh", false);

  static final List<Person> ALL =
      List.of(GAS_FAMILY, SMOKE_FAMILY, WELFARE_FAMILY, GRID_WORKER, AREA_RESPONSIBLE);

  private People() {}

  static Optional<Person> byPhone(String phone) {
    return ALL.stream().filter(p -> p.phone().equals(phone)).findFirst();
  }
}
