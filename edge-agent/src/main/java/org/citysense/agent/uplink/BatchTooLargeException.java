package org.citysense.agent.uplink;

/**
 * The cloud refused a batch as too large (HTTP 413): nothing is wrong with the items, the batch
 * must be smaller. The forwarder halves its batch size and sends again at once.
 */
public final class BatchTooLargeException extends UplinkException {
  public BatchTooLargeException(String message) {
    super(message, null, false, null);
  }
}
