package org.citysense.agent.normalize;

import java.time.Instant;
import org.citysense.agent.driver.Failure;
import org.citysense.profiles.decode.Decoded;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;

/**
 * Raw values to readings: the one decoding pipeline of device-profiles, then the stateful stuck
 * stage. Failures become readings too, so that every poll leaves a trace with its quality.
 */
public final class Normalizer {
  private final StuckDetector stuck;

  public Normalizer(StuckDetector stuck) {
    this.stuck = stuck;
  }

  public Decoded normalize(String deviceId, Point point, RawValue raw, Instant at) {
    Decoded decoded = Decoder.decode(deviceId, point, raw, at);
    return new Decoded(stuck.apply(decoded.reading()), decoded.problem());
  }

  /**
   * The reading for a point that could not be read: {@code invalid} when the device answered
   * nonsense, {@code comm_error} when it did not answer usefully.
   */
  public Reading failed(String deviceId, Point point, Failure failure, Instant at) {
    Quality quality =
        failure.kind() == Failure.Kind.MALFORMED ? Quality.INVALID : Quality.COMM_ERROR;
    return new Reading(deviceId, point.name(), point.quantity(), null, at, quality);
  }
}
