package org.citysense.agent.uplink;

import java.time.Duration;

/**
 * Turns a status the cloud answered instead of a reply (HTTP status, or the {@code status} of an
 * MQTT error reply) into an {@link UplinkException}. The one place that decides what is retried
 * quietly and what needs people.
 */
final class Refusals {
  private Refusals() {}

  /**
   * @param error the cloud's message, or null
   * @param field the field the cloud blames, or null
   * @param retryAfter what the cloud asked for, or null
   */
  static UplinkException of(int status, String error, String field, Duration retryAfter) {
    String detail = detail(error, field);
    switch (status) {
      case 401:
        return new UplinkException(
            "the cloud refused the gateway token (401): provision again or check the token file"
                + detail,
            retryAfter,
            true,
            null);
      case 403:
        return new UplinkException(
            "the cloud refused this gateway (403): the token or broker account belongs to another"
                + " gateway, or may not send batches; check gateway.id and provision again"
                + detail,
            retryAfter,
            true,
            null);
      case 413:
        return new BatchTooLargeException(
            "the cloud refused the batch as too large (413); sending smaller batches" + detail);
      case 400:
      case 422:
        return new BatchRefusedException(
            "the cloud refused the batch as a whole ("
                + status
                + "): narrowing it down to the item it cannot take"
                + detail,
            field,
            error);
      case 415:
        return new UplinkException(
            "the cloud refused the batch as malformed ("
                + status
                + "): a bug or a corrupt item; it is sent again, but will not pass until fixed"
                + detail,
            retryAfter,
            true,
            null);
      case 408:
      case 429:
      case 503:
        return new UplinkException(
            "the cloud is busy or its storage is unavailable ("
                + status
                + ")"
                + (retryAfter == null ? "" : ", asked to wait " + retryAfter.toSeconds() + " s")
                + detail,
            retryAfter,
            false,
            null);
      default:
        if (status >= 500) {
          return new UplinkException(
              "the cloud failed (" + status + ")" + detail, retryAfter, false, null);
        }
        return new UplinkException(
            "the cloud answered " + status + " instead of a reply: check the cloud URI" + detail,
            retryAfter,
            true,
            null);
    }
  }

  private static String detail(String error, String field) {
    if ((error == null || error.isBlank()) && field == null) {
      return "";
    }
    return " [" + (field == null ? "" : field + ": ") + (error == null ? "" : error) + "]";
  }
}
