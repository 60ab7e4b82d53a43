package org.citysense.cloud.notify;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.citysense.cloud.events.Event;
import org.citysense.cloud.events.EventChange;
import org.citysense.cloud.events.EventService;
import org.citysense.cloud.events.StoredChange;

/**
 * What the dispatcher needs of the events: the outbox of changes to act on, live changes (to wake
 * up and keep its copies fresh), a look-up and acknowledgement.
 */
public interface EventAccess {
  /** Registers a listener for every change; returns how to unregister it. */
  Runnable listen(Consumer<EventChange> listener);

  /** The outbox's changes after {@code position}, oldest first, at most {@code limit}. */
  List<StoredChange> changesAfter(long position, int limit);

  /** The outbox's newest position (0 when empty). */
  long latestChange();

  Optional<Event> get(long id);

  /**
   * @throws org.citysense.cloud.events.TransitionException when the event is not open
   */
  void acknowledge(long id, String actor, String note);

  /**
   * A family's acknowledgement: reminders to the family stop, the event stays open for the staff.
   *
   * @throws org.citysense.cloud.events.TransitionException when the event is not open or the family
   *     acknowledged it already
   */
  void acknowledgeForFamily(long id, String actor, String note);

  /** Whether a family member acknowledged the event. */
  boolean familyAcknowledged(long id);

  /** The event service itself. */
  static EventAccess of(EventService events) {
    return new EventAccess() {
      @Override
      public Runnable listen(Consumer<EventChange> listener) {
        return events.listen(listener);
      }

      @Override
      public List<StoredChange> changesAfter(long position, int limit) {
        return events.changesAfter(position, limit);
      }

      @Override
      public long latestChange() {
        return events.latestChange();
      }

      @Override
      public Optional<Event> get(long id) {
        return events.get(id);
      }

      @Override
      public void acknowledge(long id, String actor, String note) {
        events.acknowledge(id, actor, note);
      }

      @Override
      public void acknowledgeForFamily(long id, String actor, String note) {
        events.acknowledgeForFamily(id, actor, note);
      }

      @Override
      public boolean familyAcknowledged(long id) {
        return events.familyAcknowledged(id);
      }
    };
  }
}
