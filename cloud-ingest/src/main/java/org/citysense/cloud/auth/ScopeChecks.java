package org.citysense.cloud.auth;

import java.sql.Connection;
import java.sql.SQLException;
import org.citysense.cloud.db.Rows;
import org.citysense.cloud.registry.FieldException;

/**
 * Whether a scope suits a role, refused with the field to fix: nobody gets "everything" by leaving
 * a field out.
 */
final class ScopeChecks {
  private ScopeChecks() {}

  static void check(Connection c, Role role, TokenScope scope) throws SQLException {
    switch (role) {
      case ADMIN -> {
        if (scope.unitId() != null || !scope.householdIds().isEmpty()) {
          throw new FieldException("unitId", "an admin token covers everything; name no unit");
        }
      }
      case OPERATOR, VIEWER -> {
        if (scope.unitId() == null && !scope.allUnits()) {
          throw new FieldException(
              "unitId",
              "missing; an "
                  + (role == Role.OPERATOR ? "operator" : "viewer")
                  + " token names its unit, or says \"allUnits\": true for the whole"
                  + " deployment");
        }
        if (scope.unitId() != null && scope.allUnits()) {
          throw new FieldException("allUnits", "give a unit or allUnits, not both");
        }
        if (scope.unitId() != null && !Rows.exists(c, "units", scope.unitId())) {
          throw new FieldException("unitId", "unit " + scope.unitId() + " does not exist");
        }
        if (!scope.householdIds().isEmpty()) {
          throw new FieldException("households", "only a family token names households");
        }
      }
      case FAMILY -> {
        if (scope.householdIds().isEmpty()) {
          throw new FieldException(
              "households", "missing; a family token names the households it sees");
        }
        if (scope.unitId() != null || scope.allUnits()) {
          throw new FieldException(
              "unitId", "a family token sees its households only; name no unit");
        }
        for (String household : scope.householdIds()) {
          if (!Rows.exists(c, "households", household)) {
            throw new FieldException("households", "household " + household + " does not exist");
          }
        }
      }
      case GATEWAY -> {
        if (scope.gatewayId() == null) {
          throw new FieldException("gatewayId", "a gateway token needs its gateway");
        }
      }
    }
    if (role != Role.GATEWAY && scope.gatewayId() != null) {
      throw new FieldException("gatewayId", "only a gateway token names a gateway");
    }
  }
}
