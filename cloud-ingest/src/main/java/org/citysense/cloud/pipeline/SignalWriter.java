package org.citysense.cloud.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.evaluate.Evaluation;
import org.citysense.cloud.evaluate.Signal;
import org.citysense.cloud.evaluate.SignalPosition;
import org.citysense.profiles.wire.WireCodec;
import org.jboss.logging.Logger;

/**
 * Stores what the rules found, never dropping it: a signal the database refuses is tried again with
 * backoff for as long as the database refuses writes. One the database refuses for what it is (a
 * value too long, a constraint: {@link DataAccessException#permanent}), or that still fails after
 * {@code attemptsBeforeSetAside} tries while the database takes the set-aside row, is set aside
 * with its reason, as is an item a rule threw on; the rest goes on.
 */
final class SignalWriter {
  private static final Logger LOG = Logger.getLogger(SignalWriter.class);

  private final RuleRuntime.SignalStore store;
  private final SetAsideLog setAside;
  private final Pacer pacer;
  private final Clock clock;
  private final int attemptsBeforeSetAside;
  private final AtomicLong setAsideCount = new AtomicLong();
  private final ObjectMapper json =
      new WireCodec().mapper().copy().registerModule(new JavaTimeModule());

  SignalWriter(
      RuleRuntime.SignalStore store,
      SetAsideLog setAside,
      Pacer pacer,
      Clock clock,
      int attemptsBeforeSetAside) {
    this.store = store;
    this.setAside = setAside;
    this.pacer = pacer;
    this.clock = clock;
    this.attemptsBeforeSetAside = attemptsBeforeSetAside;
  }

  /** Reads how many items were set aside before (at a start). */
  void countSetAside() {
    setAsideCount.set(setAside.count());
  }

  long setAsideCount() {
    return setAsideCount.get();
  }

  /** Stores the signals in order, each with its position. */
  void store(List<Evaluation.Positioned> signals, String gatewayId) {
    for (Evaluation.Positioned p : signals) {
      for (int attempt = 1; ; attempt++) {
        pacer.beat();
        try {
          store.apply(p.signal(), p.position());
          break;
        } catch (DataAccessException e) {
          // a fault of this signal (a value the database refuses), or an outage: then it is
          // tried again as long as the database refuses the set-aside row too
          boolean giveUp = e.permanent() || attempt >= attemptsBeforeSetAside;
          if (giveUp && setAside(p, gatewayId, e)) {
            break;
          }
          if (Pacer.worthSaying(attempt)) {
            LOG.warnf(
                "cannot store what rule %s found on %s (attempt %d), trying again: %s",
                p.signal().ruleId(), p.signal().subject(), attempt, e.getMessage());
          }
          pacer.pause(attempt);
        } catch (Pacer.Stopping stopping) {
          throw stopping;
        } catch (RuntimeException e) {
          // a fault of this signal, not of the database
          if (setAside(p, gatewayId, e)) {
            break;
          }
          pacer.pause(attempt);
        }
      }
    }
  }

  /** Sets aside an item a rule threw on, trying until the database takes it. */
  void setAside(Evaluation.RuleFailure f) {
    SetAside item =
        new SetAside(
            0,
            SignalPosition.entry(f.position()),
            f.gatewayId(),
            f.deviceId(),
            f.ruleId(),
            f.reason(),
            text(f.item()),
            clock.instant());
    for (int attempt = 1; ; attempt++) {
      pacer.beat();
      try {
        setAside.add(item);
        setAsideCount.incrementAndGet();
        return;
      } catch (DataAccessException e) {
        if (Pacer.worthSaying(attempt)) {
          LOG.warnf("cannot set an item aside (attempt %d), trying again: %s", attempt, e);
        }
        pacer.pause(attempt);
      }
    }
  }

  /** Sets a signal aside; false when the database refuses that too. */
  private boolean setAside(Evaluation.Positioned p, String gatewayId, RuntimeException why) {
    Signal s = p.signal();
    try {
      setAside.add(
          new SetAside(
              0,
              SignalPosition.entry(p.position()),
              gatewayId,
              s.device() == null ? null : s.device().deviceId(),
              "events",
              String.valueOf(why),
              text(s),
              clock.instant()));
    } catch (DataAccessException refused) {
      return false;
    }
    setAsideCount.incrementAndGet();
    LOG.errorf(
        why, "set aside what rule %s found on %s: it cannot be stored", s.ruleId(), s.subject());
    return true;
  }

  private String text(Object item) {
    try {
      return json.writeValueAsString(item);
    } catch (Exception e) {
      return String.valueOf(item);
    }
  }
}
