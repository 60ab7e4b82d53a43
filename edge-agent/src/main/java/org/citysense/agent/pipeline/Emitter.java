package org.citysense.agent.pipeline;

import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.alarm.EdgeAlarms;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage before the sink: gives every reading and status change the gateway's next sequence
 * number, keeps the last values for the status endpoint, and shows readings of alarm-class points
 * to the edge alarms before the sink takes them: an alarm and its actions never wait on, or fail
 * with, storage. A sink that cannot take an item (a full disk) counts and reports it itself; an
 * exception it throws anyway is caught here, so that the bus that read the value goes on.
 */
public final class Emitter {
  private static final Logger LOG = LoggerFactory.getLogger(Emitter.class);

  private final SequenceStore sequence;
  private final ReadingSink sink;
  private final LastValues last;
  private final EdgeAlarms alarms;
  private final ProblemLog sinkFailures = new ProblemLog(LOG);
  private final AtomicLong failed = new AtomicLong();

  /** An emitter without edge alarms. */
  public Emitter(SequenceStore sequence, ReadingSink sink, LastValues last) {
    this(sequence, sink, last, null);
  }

  /**
   * @param alarms decides alarms at the edge, or null for none; it should number its events from
   *     the same {@code sequence}
   */
  public Emitter(SequenceStore sequence, ReadingSink sink, LastValues last, EdgeAlarms alarms) {
    this.sequence = sequence;
    this.sink = sink;
    this.last = last;
    this.alarms = alarms;
  }

  public void reading(Reading reading, Point point) {
    WireReading wire = WireReading.of(sequence.next(), reading);
    last.put(wire);
    if (alarms != null && point.isAlarmClass()) {
      alarms.accept(reading, point);
    }
    guarded(() -> sink.reading(wire, point.isAlarmClass()), wire.seq());
  }

  public void status(String deviceId, DeviceState state, String reason, long ts) {
    StatusChange change = new StatusChange(sequence.next(), deviceId, state, reason, ts);
    guarded(() -> sink.status(change), change.seq());
  }

  private void guarded(Runnable toSink, long seq) {
    try {
      toSink.run();
    } catch (RuntimeException e) {
      sinkFailures.problem(
          "sink",
          e.getClass().getSimpleName(),
          "the sink refused an item, the agent goes on [seq: {}, cause: {}]",
          seq,
          e.toString());
      failed.incrementAndGet();
      return;
    }
    sinkFailures.cleared("sink", "the sink takes items again");
  }

  /** Items the sink threw on instead of taking or counting them. */
  public long sinkFailures() {
    return failed.get();
  }
}
