package org.citysense.cloud.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class GreatCircleTest {
  @Test
  void beijingTiananmenToShanghaiPeoplesSquare() {
    // published great-circle distance about 1067 km
    assertThat(GreatCircle.km(39.9087, 116.3975, 31.2304, 121.4737))
        .isCloseTo(1067.0, withinPercentage(1));
  }

  @Test
  void symmetric() {
    assertThat(GreatCircle.km(31.2304, 121.4737, 39.9087, 116.3975))
        .isCloseTo(GreatCircle.km(39.9087, 116.3975, 31.2304, 121.4737), within(1e-9));
  }

  @Test
  void zeroForTheSamePoint() {
    assertThat(GreatCircle.km(31.23, 121.47, 31.23, 121.47)).isZero();
  }

  @Test
  void oneDegreeOfLatitudeIsAbout111Km() {
    // pi * R / 180 = 111.195 km
    assertThat(GreatCircle.km(31.0, 121.47, 32.0, 121.47)).isCloseTo(111.195, within(0.01));
  }

  @Test
  void antipodesAreHalfTheCircumference() {
    double half = Math.PI * GreatCircle.EARTH_RADIUS_KM; // 20015.1 km
    assertThat(GreatCircle.km(31.23, 121.47, -31.23, -58.53)).isCloseTo(half, within(1e-6));
    assertThat(GreatCircle.km(0, 0, 0, 180)).isCloseTo(half, within(1e-6));
    assertThat(GreatCircle.km(90, 0, -90, 0)).isCloseTo(half, within(1e-6));
  }

  @Test
  void nearlyAntipodalStaysBelowHalf() {
    assertThat(GreatCircle.km(0, 0, 0.5, 179.5))
        .isLessThan(Math.PI * GreatCircle.EARTH_RADIUS_KM)
        .isGreaterThan(Math.PI * GreatCircle.EARTH_RADIUS_KM - 100);
  }

  @Test
  void acrossTheDateLine() {
    // 0.2 degrees of longitude on the equator, not 359.8
    assertThat(GreatCircle.km(0, 179.9, 0, -179.9)).isCloseTo(22.239, within(0.01));
  }
}
