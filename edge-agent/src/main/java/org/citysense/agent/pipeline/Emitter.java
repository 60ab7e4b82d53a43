package org.citysense.agent.pipeline;

import org.citysense.agent.alarm.EdgeAlarms;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * The last stage before the sink: gives every reading and status change the gateway's next sequence
 * number, keeps the last values for the status endpoint, and shows readings of alarm-class points
 * to the edge alarms after the sink has them.
 */
public final class Emitter {
  private final SequenceStore sequence;
  private final ReadingSink sink;
  private final LastValues last;
  private final EdgeAlarms alarms;

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
    sink.reading(wire, point.isAlarmClass());
    if (alarms != null && point.isAlarmClass()) {
      alarms.accept(reading, point);
    }
  }

  public void status(String deviceId, DeviceState state, String reason, long ts) {
    sink.status(new StatusChange(sequence.next(), deviceId, state, reason, ts));
  }
}
