package org.citysense.cloud.notify;

import java.time.Instant;

/**
 * Someone replied STOP (or TD, 退订): the recipients' repository marks every recipient with this
 * phone opted out, so the policy suppresses their messages from then on.
 */
@FunctionalInterface
public interface OptOutHandler {
  /**
   * @param phone the E.164 number that replied
   * @param channel the channel the reply came by
   */
  void optOut(String phone, String channel, Instant at);
}
