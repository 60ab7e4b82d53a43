package org.citysense.cloud.auth;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a token covers, always said explicitly: an operator or viewer names its unit (with its
 * subtree) or covers all units by an admin's choice; a family token names its households; a gateway
 * token its gateway; an admin token covers everything and names nothing.
 *
 * @param householdIds sorted; empty unless a family token
 */
public record TokenScope(
    String unitId, boolean allUnits, Set<String> householdIds, String gatewayId) {
  public static final TokenScope NONE = new TokenScope(null, false, Set.of(), null);

  public TokenScope {
    // sorted, and contains(null) is false: Set.copyOf would throw on asking after a device or an
    // event that belongs to no household (a station's), and answer 500 to a family token
    householdIds =
        householdIds == null
            ? Set.of()
            : Collections.unmodifiableSet(new LinkedHashSet<>(new TreeSet<>(householdIds)));
  }

  public static TokenScope unit(String unitId) {
    return new TokenScope(unitId, false, Set.of(), null);
  }

  public static TokenScope wholeDeployment() {
    return new TokenScope(null, true, Set.of(), null);
  }

  public static TokenScope households(Set<String> householdIds) {
    return new TokenScope(null, false, householdIds, null);
  }

  public static TokenScope gateway(String gatewayId) {
    return new TokenScope(null, false, Set.of(), gatewayId);
  }
}
