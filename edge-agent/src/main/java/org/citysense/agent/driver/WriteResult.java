package org.citysense.agent.driver;

/** The outcome of a write: confirmed by the device, or why not. */
public record WriteResult(boolean ok, Failure failure) {
  public static final WriteResult OK = new WriteResult(true, null);

  public static WriteResult failed(Failure failure) {
    return new WriteResult(false, failure);
  }
}
