package org.citysense.cloud.api;

/**
 * Phone numbers and push tokens as people without the right to see them whole see them: enough to
 * tell two contacts apart, not enough to call them. A Chinese mobile number keeps its country code,
 * its first three and last four digits ({@code +86 138****0203}); another E.164 number its first
 * four and last four digits; a push token nothing.
 */
final class PhoneMask {
  private PhoneMask() {}

  static String phone(String e164) {
    if (e164 == null) {
      return null;
    }
    if (e164.startsWith("+86") && e164.length() == 14) {
      return "+86 " + e164.substring(3, 6) + "****" + e164.substring(10);
    }
    if (e164.startsWith("+") && e164.length() > 10) {
      return e164.substring(0, 5) + "****" + e164.substring(e164.length() - 4);
    }
    return "****";
  }

  /** A push token or other address: its first and last four characters. */
  static String other(String address) {
    if (address == null) {
      return null;
    }
    if (address.length() > 12) {
      return address.substring(0, 4) + "****" + address.substring(address.length() - 4);
    }
    return "****";
  }
}
