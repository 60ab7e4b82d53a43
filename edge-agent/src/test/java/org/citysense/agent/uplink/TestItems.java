package org.citysense.agent.uplink;

import java.util.List;
import org.citysense.agent.buffer.Item;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Value;
import org.citysense.profiles.quantity.Quantity;
import org.citysense.profiles.wire.Batch;
import org.citysense.profiles.wire.Counters;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.EdgeEvent;
import org.citysense.profiles.wire.GatewayClock;
import org.citysense.profiles.wire.StatusChange;
import org.citysense.profiles.wire.WireReading;

/** Items and batches for the uplink's tests. */
final class TestItems {
  static final long TS = 1_795_334_400_000L;

  private TestItems() {}

  static Item.Reading reading(long seq) {
    return new Item.Reading(
        new WireReading(
            seq,
            "pm-st01",
            "pm2_5",
            Quantity.PM2_5,
            Value.of(20.0 + seq),
            "µg/m³",
            TS + seq,
            Quality.GOOD),
        false);
  }

  static Item.Reading alarm(long seq) {
    return new Item.Reading(
        new WireReading(
            seq,
            "smoke-b1",
            "smoke",
            Quantity.SMOKE,
            Value.of(true),
            "bool",
            TS + seq,
            Quality.GOOD),
        true);
  }

  static Item.Status status(long seq) {
    return new Item.Status(
        new StatusChange(seq, "gas-101", DeviceState.OFFLINE, "5 consecutive timeouts", TS + seq));
  }

  static Item.Edge edge(long seq) {
    return new Item.Edge(
        new EdgeEvent(
            seq, "gas-102", "gas", EdgeEvent.RAISED, Value.of(23.5), ">= 20.0", TS + seq, null));
  }

  static Batch batch(String gatewayId, String batchId, long... seqs) {
    return new Batch(
        Batch.VERSION,
        gatewayId,
        batchId,
        TS + 1_000,
        new GatewayClock(true, "ntp", 1),
        java.util.Arrays.stream(seqs).mapToObj(s -> reading(s).reading()).toList(),
        List.of(status(900).change()),
        List.of(edge(901).event()),
        new Counters(2, 1));
  }
}
