package org.citysense.cloud.notify;

import java.text.Normalizer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.citysense.cloud.events.EventStatus;
import org.citysense.cloud.events.TransitionException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.rules.Severity;
import org.jboss.logging.Logger;

/**
 * What people answer by SMS: a code or "1" acknowledges an event (for a family answering about a
 * critical household event, only as far as the family is concerned), STOP opts the phone out.
 */
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
  /**
   * Whether a reply from {@code phone} leaves the event with the staff: the event told this phone
   * as a family contact only, and it is a critical household event; such a reply stops the family's
   * reminders only (see {@link EventAccess#acknowledgeForFamily}).
   */
  private boolean staysWithStaff(String phone, long eventId) {
    return toldAsFamilyOnly(phone, eventId)
        && events
            .get(eventId)
            .map(e -> e.householdId() != null && e.severity() == Severity.CRITICAL)
            .orElse(false);
  }

  /** Whether every message of the event to {@code phone} went to a family contact. */
  private boolean toldAsFamilyOnly(String phone, long eventId) {
    List<Notification> toPhone =
        log.forEvent(eventId).stream()
            .filter(n -> phone.equals(n.address()) && Follower.TOLD_KINDS.contains(n.kind()))
            .toList();
    return !toPhone.isEmpty()
        && toPhone.stream().allMatch(n -> Recipient.FAMILY.equals(n.recipientRole()));
  }

  void reply(String channel, String from, String body, Instant at) {
    // NFKC: a Chinese keyboard's full-width "１" or "ＳＴＯＰ" reads as 1 or STOP
    String said =
        body == null
            ? ""
            : Normalizer.normalize(body, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
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
        // a family's "1" passes over the events it acknowledged already: they stay open for staff
        if (events.get(id).map(e -> e.status() == EventStatus.OPEN).orElse(false)
            && !(events.familyAcknowledged(id) && toldAsFamilyOnly(from, id))) {
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
      if (staysWithStaff(from, target.get())) {
        events.acknowledgeForFamily(
            target.get(), "sms:" + from, "acknowledged by the family's SMS reply");
      } else {
        events.acknowledge(target.get(), "sms:" + from, "acknowledged by SMS reply");
      }
    } catch (TransitionException | NotFoundException e) {
      LOG.infof(
          "reply did not acknowledge [event: %d, from: %s]: %s",
          target.get(), from, e.getMessage());
    }
  }
}
