package org.citysense.cloud.readings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.citysense.cloud.store.ReadingStore;
import org.citysense.profiles.quantity.Quantity;

/**
 * Answers the read side of the API from the reading store: the readings of one device in a time
 * window, and the latest value per quantity of a station's devices. Plain Java; the resource only
 * authenticates and passes the raw query parameters.
 */
public final class ReadingQueries {
  /** The window when {@code from} is not given. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  private final ReadingStore store;
  private final Function<String, Optional<List<String>>> stationDevices;

  /**
   * @param stationDevices the device ids of a station, empty when the station does not exist
   */
  public ReadingQueries(
      ReadingStore store, Function<String, Optional<List<String>>> stationDevices) {
    this.store = store;
    this.stationDevices = stationDevices;
  }

  /**
   * Readings of {@code device} with from ≤ ts &lt; to, oldest first, at most {@code limit} of them
   * after the first {@code offset}.
   *
   * @throws QueryException naming the parameter that is missing or malformed
   */
  public List<ReadingView> readings(
      String device, String quantity, String from, String to, Instant now, int offset, int limit) {
    if (device == null || device.isBlank()) {
      throw new QueryException("device", "device is required (a device id)");
    }
    if (quantity != null && !quantity.isBlank() && Quantity.byId(quantity).isEmpty()) {
      throw new QueryException("quantity", "quantity \"" + quantity + "\" is not a known quantity");
    }
    Instant end = instant("to", to, now);
    Instant start = instant("from", from, end.minus(DEFAULT_WINDOW));
    if (!start.isBefore(end)) {
      throw new QueryException("from", "from (" + start + ") must be before to (" + end + ")");
    }
    String q = quantity == null || quantity.isBlank() ? null : quantity;
    return store.readings(device, q, start, end, offset, limit).stream()
        .map(ReadingView::of)
        .toList();
  }

  /**
   * The newest reading of each (device, quantity) among the station's devices.
   *
   * @return empty when there is no such station
   */
  public Optional<List<ReadingView>> latest(String stationId) {
    return stationDevices
        .apply(stationId)
        .map(ids -> store.latest(ids).stream().map(ReadingView::of).toList());
  }

  private static Instant instant(String field, String text, Instant fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(text.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new QueryException(
          field,
          field + " \"" + text + "\" is not an ISO-8601 instant such as 2026-11-22T03:00:00Z");
    }
  }
}
