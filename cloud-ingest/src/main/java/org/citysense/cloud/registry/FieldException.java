package org.citysense.cloud.registry;

/** A value the registry refuses, naming the field, so that the REST layer answers 400 with it. */
public class FieldException extends RuntimeException {
  private final String field;

  public FieldException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The reason alone, without the field name. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }

  /** The same problem, for a field nested under {@code prefix}, e.g. {@code devices[3]}. */
  public FieldException under(String prefix) {
    return new FieldException(prefix + "." + field, reason());
  }
}
