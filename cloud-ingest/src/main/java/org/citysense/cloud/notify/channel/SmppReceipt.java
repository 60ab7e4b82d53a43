package org.citysense.cloud.notify.channel;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery receipt as SMSCs write it in a deliver_sm's text: {@code id:IIIIIIIIII sub:SSS
 * dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:...} (SMPP 3.4,
 * appendix B). Only {@code id} and {@code stat} are read; the rest varies too much between carriers
 * to rely on.
 *
 * @param messageId the id submit_sm_resp gave
 * @param stat DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD, ENROUTE
 */
record SmppReceipt(String messageId, String stat) {
  private static final Pattern ID = Pattern.compile("(?i)(?:^|\\s)id:(\\S+)");
  private static final Pattern STAT = Pattern.compile("(?i)(?:^|\\s)stat:(\\S+)");
  private static final String[] MESSAGE_STATES = {
    "SCHEDULED",
    "ENROUTE",
    "DELIVRD",
    "EXPIRED",
    "DELETED",
    "UNDELIV",
    "ACCEPTD",
    "UNKNOWN",
    "REJECTD",
    "SKIPPED"
  };

  static Optional<SmppReceipt> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher id = ID.matcher(text);
    Matcher stat = STAT.matcher(text);
    if (!id.find() || !stat.find()) {
      return Optional.empty();
    }
    return Optional.of(new SmppReceipt(id.group(1), stat.group(1).toUpperCase(Locale.ROOT)));
  }

  /** The stat word of a message_state TLV value (SMPP 3.4 5.2.28). */
  static String statOf(int messageState) {
    return messageState >= 0 && messageState < MESSAGE_STATES.length
        ? MESSAGE_STATES[messageState]
        : "UNKNOWN";
  }

  boolean delivered() {
    return "DELIVRD".equals(stat);
  }

  /** ENROUTE (and SCHEDULED) are intermediate notices, not the message's outcome. */
  boolean fin() {
    return !"ENROUTE".equals(stat) && !"SCHEDULED".equals(stat);
  }
}
