package org.citysense.cloud.events;

/** A lifecycle step that is not allowed from the event's current status (answered as 409). */
public class TransitionException extends RuntimeException {
  public TransitionException(String message) {
    super(message);
  }
}
