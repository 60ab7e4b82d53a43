package org.citysense.cloud.evaluate;

/** Distances on the Earth taken as a sphere, good to about 0.5 % for the neighbour rule. */
public final class GreatCircle {
  /** The mean Earth radius (IUGG R1) in kilometres. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  private GreatCircle() {}

  /**
   * The great-circle distance between two WGS-84 positions in degrees, by the haversine formula
   * (well conditioned for the short distances between city stations).
   */
  public static double km(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(lon2 - lon1);
    double sinPhi = Math.sin(dPhi / 2);
    double sinLambda = Math.sin(dLambda / 2);
    double h = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
  }
}
