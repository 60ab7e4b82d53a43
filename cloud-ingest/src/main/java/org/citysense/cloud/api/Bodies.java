package org.citysense.cloud.api;

import org.citysense.cloud.registry.FieldException;

/** Small checks on what a request carries, before the registry sees it. */
final class Bodies {
  private Bodies() {}

  static <T> T required(T body) {
    if (body == null) {
      throw new ApiException(400, "a JSON body is required");
    }
    return body;
  }

  static String requiredQuery(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new FieldException(name, "missing; add ?" + name + "=ID");
    }
    return value;
  }
}
