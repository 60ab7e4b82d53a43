package org.citysense.cloud.notify;

import org.citysense.cloud.events.Event;

/**
 * Renders a message's text. The wiring adapts the channels' {@code MessageTemplates} (zh/en, one
 * SMS segment) to it; {@link #PLAIN} is a plain fallback for tests and a first start.
 */
@FunctionalInterface
public interface MessageText {
  /**
   * @param kind alarm, reminder, escalation or all_clear
   * @param code the event's short reply code, or null when it has none
   */
  String render(Event event, String kind, int escalationLevel, Language language, String code);

  /**
   * What the event tells people about, as a key: two open events with the same key (a gas leak in
   * flat h-203, raised once by the reading and once by the detector's own alarm relay) are one
   * matter to the people told, who get one message and whose reply acknowledges both. Empty when
   * the event's matter is its own.
   */
  default java.util.Optional<String> matter(Event event) {
    return java.util.Optional.empty();
  }

  /** Summary, severity, kind and reply code, in one short line. */
  MessageText PLAIN =
      (event, kind, level, language, code) -> {
        boolean zh = language == Language.ZH;
        String what = event.summary() == null ? event.ruleId() : event.summary();
        String head =
            switch (kind) {
              case Notification.ALL_CLEAR -> zh ? "已解除：" : "All clear: ";
              case Notification.REMINDER -> zh ? "提醒：" : "Reminder: ";
              case Notification.ESCALATION -> zh ? "升级" + level + "：" : "Escalated " + level + ": ";
              default -> "";
            };
        String tail =
            Notification.ALL_CLEAR.equals(kind) || code == null
                ? ""
                : zh ? " 回复" + code + "确认" : " Reply " + code + " to acknowledge";
        return head + what + " [" + event.severity().id() + "]" + tail;
      };
}
