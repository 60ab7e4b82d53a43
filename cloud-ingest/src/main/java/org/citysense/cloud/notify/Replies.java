package org.citysense.cloud.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.events.TransitionException;
import org.citysense.cloud.registry.NotFoundException;
import org.jboss.logging.Logger;

/** What people answer by SMS: a code or "1" acknowledges an event, STOP opts the phone out. */
final class Replies {
  private static final Logger LOG = Logger.getLogger(Replies.class);
  private static final Pattern CODE = Pattern.compile("\\d{4}");
  private static final Set<String> STOP = Set.of("STOP", "TD", "退订");

  private final NotificationLog log;
  private final RecipientDirectory directory;
  private final EventAccess events;
  private final OptOutHandler optOuts;

  Replies(
      NotificationLog log,
      RecipientDirectory directory,
      EventAccess events,
      OptOutHandler optOuts) {
    this.log = log;
    this.directory = directory;
    this.events = events;
    this.optOuts = optOuts;
  }

  /**
   * A reply: an event's short code or "1" (the latest open event sent to this phone) acknowledges
   * it; STOP, TD or 退订 opts the phone out; anything else is logged and ignored. Only someone the
   * event was sent to can acknowledge it.
   */
  void reply(String channel, String from, String body, Instant at) {
    String said = body == null ? "" : body.strip().toUpperCase(Locale.ROOT);
    List<Recipient> people = directory.byPhone(from);
    if (people.isEmpty()) {
      LOG.infof("reply from an unknown number ignored [channel: %s, from: %s]", channel, from);
      return;
    }
    if (STOP.contains(said)) {
      optOuts.optOut(from, channel, at);
      int dropped = log.suppressQueuedTo(from, "opted out", at);
      LOG.infof("opted out by reply [from: %s, queued dropped: %d]", from, dropped);
      return;
    }
    List<Long> sentTo = log.eventsSentTo(from);
    Optional<Long> target = Optional.empty();
    if (CODE.matcher(said).matches()) {
      target = log.eventByCode(said).filter(sentTo::contains);
    } else if ("1".equals(said)) {
      for (long id : sentTo) {
        if (events.get(id).map(e -> e.status() == EventStatus.OPEN).orElse(false)) {
          target = Optional.of(id);
          break;
        }
      }
    }
    if (target.isEmpty()) {
      LOG.infof(
          "reply not understood, ignored [channel: %s, from: %s, text: %s]", channel, from, said);
      return;
    }
    try {
      events.acknowledge(target.get(), "sms:" + from, "acknowledged by SMS reply");
    } catch (TransitionException | NotFoundException e) {
      LOG.infof(
          "reply did not acknowledge [event: %d, from: %s]: %s",
          target.get(), from, e.getMessage());
    }
  }
}
