package org.citysense.agent.buffer;

import java.util.List;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.EdgeAction;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/** Items for the buffer tests. */
final class TestItems {
  static final long T0 = 1_795_334_400_000L;

  private TestItems() {}

  /** A normal reading; with seqs of the same digit count, all are the same size on disk. */
  static Item normal(long seq) {
    return normal(seq, T0 + seq);
  }

  static Item normal(long seq, long ts) {
    // 9 characters longer device id than alarm(): same record size as an alarm reading
    return new Item.Reading(
        new WireReading(
            seq,
            "pm-st01-xxxxxxxx",
            "pm2_5",
            Quantity.PM2_5,
            Value.of(35.5),
            "µg/m³",
            ts,
            Quality.GOOD),
        false);
  }

  /** An alarm-class reading, priority lane. */
  static Item alarm(long seq) {
    return alarm(seq, T0 + seq);
  }

  static Item alarm(long seq, long ts) {
    return new Item.Reading(
        new WireReading(
            seq, "pm-st01", "pm2_5", Quantity.PM2_5, Value.of(35.5), "µg/m³", ts, Quality.GOOD),
        true);
  }

  static Item status(long seq) {
    return new Item.Status(
        new StatusChange(seq, "gas-101", DeviceState.OFFLINE, "5 consecutive timeouts", T0 + seq));
  }

  static Item edge(long seq) {
    return new Item.Edge(
        new EdgeEvent(
            seq,
            "gas-102",
            "gas",
            EdgeEvent.RAISED,
            Value.of(23.5),
            ">= 20.0",
            T0 + seq,
            List.of(new EdgeAction("gas-102", "valve", Value.of(false), true, null))));
  }

  /** Bytes one record of this item takes in a segment. */
  static int recordBytes(Item item) {
    return new RecordCodec().encode(item).length;
  }

  static List<Long> seqs(List<Item> items) {
    return items.stream().map(Item::seq).toList();
  }
}
