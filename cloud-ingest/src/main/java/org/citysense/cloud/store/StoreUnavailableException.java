package org.citysense.cloud.store;

/** The store cannot be reached now; the ingest answers 503 with Retry-After and stores nothing. */
public class StoreUnavailableException extends RuntimeException {
  private final String store;

  /** A reading store that is away. */
  public StoreUnavailableException(String message, Throwable cause) {
    this("the reading store", message, cause);
  }

  /**
   * @param store the store that is away, as people call it, e.g. "the reading store (InfluxDB)"; it
   *     is in the answer, the message only in the log
   */
  public StoreUnavailableException(String store, String message, Throwable cause) {
    super(message, cause);
    this.store = store;
  }

  public String store() {
    return store;
  }
}
