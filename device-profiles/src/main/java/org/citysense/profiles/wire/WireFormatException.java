package org.citysense.profiles.wire;

/**
 * A batch that cannot be read: names the field ({@code readings[3].quality}) and the problem, so
 * that the cloud can answer 400 with a message a gateway developer can act on.
 */
public class WireFormatException extends RuntimeException {
  private final String field;

  public WireFormatException(String field, String message) {
    super(field.isEmpty() ? message : field + ": " + message);
    this.field = field;
  }

  /** The field path, or empty when the whole body is at fault. */
  public String field() {
    return field;
  }
}
