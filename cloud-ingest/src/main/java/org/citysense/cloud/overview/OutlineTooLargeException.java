package org.citysense.cloud.overview;

/** An outline over the size limit; answered 413 with the limit. */
public final class OutlineTooLargeException extends RuntimeException {
  private final int maxBytes;

  public OutlineTooLargeException(int maxBytes) {
    super("the outline is larger than " + maxBytes + " bytes; simplify it");
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }
}
