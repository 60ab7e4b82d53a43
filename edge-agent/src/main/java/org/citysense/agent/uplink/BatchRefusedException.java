package org.citysense.agent.uplink;

/**
 * The cloud refused a batch as a whole (HTTP 400 or 422) because of something in it: an item it
 * cannot read. Sending it again cannot help; the forwarder narrows the batch down to the item (the
 * field the cloud blames says where, e.g. {@code readings[3].unit}) and sets that item aside.
 */
public final class BatchRefusedException extends UplinkException {
  private final String field;
  private final String reason;

  /**
   * @param field the field the cloud blames, or null
   * @param reason the cloud's own words, or null
   */
  public BatchRefusedException(String message, String field, String reason) {
    super(message, null, true, null);
    this.field = field;
    this.reason = reason;
  }

  public String field() {
    return field;
  }

  /** What the cloud said, with the field it blames. */
  public String reason() {
    String words = reason == null || reason.isBlank() ? getMessage() : reason;
    return field == null || words.startsWith(field) ? words : field + ": " + words;
  }
}
