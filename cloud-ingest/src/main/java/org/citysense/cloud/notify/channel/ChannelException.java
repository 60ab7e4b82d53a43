package org.citysense.cloud.notify.channel;

/** A provider did not take a message; {@code retryable} says whether trying again may help. */
public class ChannelException extends Exception {
  private final boolean retryable;

  public ChannelException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
