package org.citysense.profiles.wire;

/**
 * What the gateway knows of its own clock, so the cloud can judge its timestamps.
 *
 * @param synced whether the clock is synchronised to a time source
 * @param source the time source: ntp, gps, rtc or none
 * @param speed how fast the clock runs: 1 in production, more in an accelerated demo or test
 */
public record GatewayClock(boolean synced, String source, double speed) {
  public static final GatewayClock UNSYNCED = new GatewayClock(false, "none", 1);
}
