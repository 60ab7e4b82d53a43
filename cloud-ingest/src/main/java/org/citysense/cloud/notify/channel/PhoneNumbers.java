package org.citysense.cloud.notify.channel;

/** Phone numbers as SMSCs send them, turned into E.164 ({@code +8613800138000}). */
final class PhoneNumbers {
  private static final int TON_INTERNATIONAL = 1;
  private static final int TON_NATIONAL = 2;

  private PhoneNumbers() {}

  /**
   * @param ton the address's type of number (1 international, 2 national, 0 unknown)
   * @param countryCode the calling code for national numbers, e.g. {@code 86}
   * @return {@code +} and digits; an address with no digits (an alphanumeric sender) as it came
   */
  static String toE164(String address, int ton, String countryCode) {
    String a = address == null ? "" : address.trim();
    boolean plus = a.startsWith("+");
    String digits = a.replaceAll("[^0-9]", "");
    if (digits.isEmpty()) {
      return a;
    }
    if (plus || ton == TON_INTERNATIONAL) {
      return "+" + digits;
    }
    if (digits.startsWith("00")) {
      return "+" + digits.substring(2);
    }
    if (digits.startsWith("0")) {
      return "+" + countryCode + digits.substring(1); // trunk prefix
    }
    if (ton != TON_NATIONAL && digits.startsWith(countryCode) && digits.length() > 10) {
      return "+" + digits; // already has the country code, e.g. 8613800138000
    }
    return "+" + countryCode + digits;
  }

  /** An E.164 number's digits for a destination_addr (TON international, NPI ISDN). */
  static String e164Digits(String e164) throws ChannelException {
    String a = e164 == null ? "" : e164.trim();
    String digits = a.startsWith("+") ? a.substring(1) : a;
    if (!digits.matches("[1-9][0-9]{6,14}")) {
      throw new ChannelException("not an E.164 phone number [address: " + e164 + "]", false, null);
    }
    return digits;
  }
}
