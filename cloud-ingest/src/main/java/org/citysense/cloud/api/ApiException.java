package org.citysense.cloud.api;

/** An answer other than 2xx, with a message for the caller; mapped once to HTTP. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  public ApiException(int status, String message) {
    this(status, message, null);
  }

  public ApiException(int status, String message, String field) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
