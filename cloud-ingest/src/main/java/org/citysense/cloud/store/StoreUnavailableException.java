package org.citysense.cloud.store;

/** The store cannot be reached now; the ingest answers 503 with Retry-After and stores nothing. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
