package org.citysense.cloud.api;

import org.citysense.cloud.registry.FieldException;

/**
 * The {@code offset} and {@code limit} of a list request. A limit above the configured maximum is
 * refused rather than clamped, so that a client never mistakes a cut page for the whole answer.
 */
record Paging(int offset, int limit) {

  /**
   * @param offset the {@code offset} query parameter; 0 when absent
   * @param limit the {@code limit} query parameter; {@code defaultLimit} when absent
   */
  static Paging of(String offset, String limit, int defaultLimit, int maxLimit) {
    int off = number("offset", offset, 0);
    int lim = number("limit", limit, defaultLimit);
    if (off < 0) {
      throw new FieldException("offset", "must be 0 or more");
    }
    if (lim < 1 || lim > maxLimit) {
      throw new FieldException(
          "limit", "must be between 1 and " + maxLimit + "; ask for the next page with offset");
    }
    return new Paging(off, lim);
  }

  private static int number(String name, String text, int absent) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new FieldException(name, "\"" + text + "\" is not a whole number");
    }
  }
}
