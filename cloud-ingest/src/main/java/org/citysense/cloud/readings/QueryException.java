package org.citysense.cloud.readings;

/** A query parameter that is missing or malformed; {@code field} names it. */
public final class QueryException extends RuntimeException {
  private final String field;

  public QueryException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
