package org.citysense.agent.pipeline;

import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/**
 * The last stage before the sink: gives every reading and status change the gateway's next sequence
 * number and keeps the last values for the status endpoint.
 */
public final class Emitter {
  private final SequenceStore sequence;
  private final ReadingSink sink;
  private final LastValues last;

  public Emitter(SequenceStore sequence, ReadingSink sink, LastValues last) {
    this.sequence = sequence;
    this.sink = sink;
    this.last = last;
  }

  public void reading(Reading reading, Point point) {
    WireReading wire = WireReading.of(sequence.next(), reading);
    last.put(wire);
    sink.reading(wire, point.isAlarmClass());
  }

  public void status(String deviceId, DeviceState state, String reason, long ts) {
    sink.status(new StatusChange(sequence.next(), deviceId, state, reason, ts));
  }
}
