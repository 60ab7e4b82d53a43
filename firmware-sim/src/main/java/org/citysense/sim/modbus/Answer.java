package org.citysense.sim.modbus;

import java.time.Duration;

/**
 * What a slave does with one request.
 *
 * @param pdu the response PDU (function code first), or null to stay silent
 * @param delay how long to wait before answering
 * @param corruptCrc whether an RTU answer must carry a wrong CRC
 */
public record Answer(byte[] pdu, Duration delay, boolean corruptCrc) {
  public static final Answer SILENT = new Answer(null, Duration.ZERO, false);

  public static Answer of(byte[] pdu) {
    return new Answer(pdu, Duration.ZERO, false);
  }

  public boolean isSilent() {
    return pdu == null;
  }
}
