package org.citysense.sim.opcua;

import java.time.Duration;
import java.util.Optional;
import org.citysense.sim.device.Snapshot;
import org.citysense.sim.scenario.Fault;
import org.citysense.sim.scenario.FaultType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * What a device's faults do to its nodes. A server that stays up while the device behind it fails
 * answers with a Bad status per node rather than not at all, as OPC UA gateways do: {@code
 * no-response} is Bad_CommunicationError, {@code exception} Bad_DeviceFailure, for reads and writes
 * alike. {@code slow} delays the answer. {@code stuck} and {@code garbage} change the values served
 * (see the snapshot and {@code ServedValues}); {@code corrupt-crc} has no meaning here.
 */
final class Faults {
  private Faults() {}

  /** The status every read and write of the device's nodes gets now, if not Good. */
  static Optional<StatusCode> refusal(Snapshot snapshot) {
    if (snapshot.has(FaultType.NO_RESPONSE)) {
      return Optional.of(new StatusCode(StatusCodes.Bad_CommunicationError));
    }
    if (snapshot.has(FaultType.EXCEPTION)) {
      return Optional.of(new StatusCode(StatusCodes.Bad_DeviceFailure));
    }
    return Optional.empty();
  }

  /** How late the device answers now. */
  static Duration delay(Snapshot snapshot) {
    return snapshot
        .fault(FaultType.SLOW)
        .map(Fault::delay)
        .filter(d -> d != null && !d.isNegative())
        .orElse(Duration.ZERO);
  }
}
