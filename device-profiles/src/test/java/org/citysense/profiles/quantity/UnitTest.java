package org.citysense.profiles.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitTest {
  @Test
  void convertsWhatDevicesReallyReport() {
    assertThat(Unit.MILLIMETRE.toCanonical(2500)).isEqualTo(2.5);
    assertThat(Unit.CENTIMETRE.toCanonical(250)).isEqualTo(2.5);
    assertThat(Unit.LITRE.toCanonical(123456)).isCloseTo(123.456, within(1e-9));
    assertThat(Unit.LITRE_PER_HOUR.toCanonical(12.5)).isCloseTo(0.0125, within(1e-12));
    assertThat(Unit.LITRE_PER_MINUTE.toCanonical(10)).isCloseTo(0.6, within(1e-12));
    assertThat(Unit.MILLIGRAM_PER_M3.toCanonical(0.035)).isCloseTo(35, within(1e-9));
    assertThat(Unit.FAHRENHEIT.toCanonical(212)).isCloseTo(100, within(1e-9));
    assertThat(Unit.FAHRENHEIT.toCanonical(32)).isCloseTo(0, within(1e-9));
    assertThat(Unit.FAHRENHEIT.toCanonical(-40)).isCloseTo(-40, within(1e-9));
    assertThat(Unit.FAHRENHEIT.fromCanonical(37)).isCloseTo(98.6, within(1e-9));
  }

  @Test
  void asciiSpellingsFindTheUnit() {
    assertThat(Unit.parse("ug/m3")).contains(Unit.MICROGRAM_PER_M3);
    assertThat(Unit.parse("m3/h")).contains(Unit.CUBIC_METRE_PER_HOUR);
    assertThat(Unit.parse("degF")).contains(Unit.FAHRENHEIT);
    assertThat(Unit.parse("furlong")).isEmpty();
  }

  @Test
  void quantitiesAcceptOnlyTheirDimension() {
    assertThat(Quantity.WATER_LEVEL.accepts(Unit.MILLIMETRE)).isTrue();
    assertThat(Quantity.WATER_LEVEL.accepts(Unit.LITRE)).isFalse();
    assertThat(Quantity.PM2_5.acceptedUnits())
        .containsExactly(Unit.MICROGRAM_PER_M3, Unit.MILLIGRAM_PER_M3);
    assertThat(Quantity.SMOKE.isBoolean()).isTrue();
    assertThat(Quantity.byId("pm2_5")).contains(Quantity.PM2_5);
  }
}
