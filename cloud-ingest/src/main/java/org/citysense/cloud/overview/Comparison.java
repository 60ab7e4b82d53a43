package org.citysense.cloud.overview;

import java.time.Instant;
import java.util.List;

/**
 * What the rule compared the readings with, for the event's chart: which device and quantity to
 * draw over which span, and the line or the series to draw beside it.
 *
 * @param kind {@code threshold} (a limit), {@code neighbours} (the neighbours' mean times {@code
 *     ratioLine}), {@code window} (the welfare rule's flat window) or {@code none}
 * @param limit the threshold's limit, in the quantity's unit; threshold only
 * @param direction above or below; threshold only
 * @param ratioLine 1 + the rule's ratio: the station is judged above its neighbours past their mean
 *     times this; neighbours only
 * @param neighbours the neighbour stations the rule used, each with its devices; neighbours only
 * @param windowFrom the start of the silent window; window only (windowTo is the event's last
 *     signal)
 */
public record Comparison(
    String kind,
    String device,
    String quantity,
    Instant chartFrom,
    Instant chartTo,
    Double limit,
    String direction,
    Double ratioLine,
    List<Neighbour> neighbours,
    Instant windowFrom,
    Instant windowTo) {

  /** A neighbour station and its devices, whose readings of the quantity form the mean. */
  public record Neighbour(String stationId, Double distanceKm, Double mean, List<String> devices) {}
}
