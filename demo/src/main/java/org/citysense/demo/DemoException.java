package org.citysense.demo;

/** A problem to tell the user in one line, without a stack trace. */
final class DemoException extends RuntimeException {
  DemoException(String message) {
    super(message);
  }

  DemoException(String message, Throwable cause) {
    super(message, cause);
  }
}
