package org.citysense.cloud.notify.channel;

import java.util.Objects;

/**
 * An SMS provider reached over HTTP.
 *
 * @param id the channel's id, default {@code http-sms}
 * @param request the provider's send API; values: {@code {to}} (E.164), {@code {to_digits}}
 *     (without the +), {@code {text}}, {@code {reference}}
 * @param callback how to read the provider's delivery reports, or null when it sends none
 */
public record HttpSmsSettings(String id, RequestSpec request, Callback callback) {
  public HttpSmsSettings {
    id = id == null ? "http-sms" : id;
    Objects.requireNonNull(request, "request");
  }

  /**
   * Where a delivery report keeps its facts: JSON pointers ({@code /biz_id}); for form callbacks
   * the field name after the slash.
   *
   * @param idPointer the provider's message id (or ours, when it echoes our reference)
   * @param statusPointer the delivery status
   * @param deliveredValue the status value that means delivered (e.g. {@code true}, {@code
   *     DELIVRD}); any other is a failure
   * @param detailPointer the error code or text for the log, or null to use the status
   */
  public record Callback(
      String idPointer, String statusPointer, String deliveredValue, String detailPointer) {
    public Callback {
      Objects.requireNonNull(idPointer, "idPointer");
      Objects.requireNonNull(statusPointer, "statusPointer");
      Objects.requireNonNull(deliveredValue, "deliveredValue");
    }
  }
}
