package org.citysense.sim.scenario;

import java.util.Arrays;
import java.util.Optional;

/** The faults a technician can inject. */
public enum FaultType {
  /** Values freeze at what they were when the fault began. */
  STUCK("stuck"),
  /** The device does not answer at all (a timeout for the reader). */
  NO_RESPONSE("no-response"),
  /** Modbus requests get an exception response (default code 6, slave device busy). */
  EXCEPTION("exception"),
  /** Modbus RTU answers carry a wrong CRC. */
  CORRUPT_CRC("corrupt-crc"),
  /** Values far outside any valid range, or NaN for floats. */
  GARBAGE("garbage"),
  /** Answers come late. */
  SLOW("slow");

  private final String id;

  FaultType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<FaultType> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
