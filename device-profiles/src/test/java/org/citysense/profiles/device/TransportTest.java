package org.citysense.profiles.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TransportTest {
  @Test
  void aModbusTcpEndpointTakesOneRequestAtATimeUnlessToldOtherwise() {
    assertThat(new Transport.ModbusTcp("10.0.0.5", 502, 3).inFlight()).isEqualTo(1);
    assertThat(new Transport.ModbusTcp("10.0.0.5", 502, 3, 16).inFlight()).isEqualTo(16);
    assertThatThrownBy(() -> new Transport.ModbusTcp("10.0.0.5", 502, 3, 0))
        .hasMessage("inFlight 0 is out of range 1..16");
    assertThatThrownBy(() -> new Transport.ModbusTcp("10.0.0.5", 502, 3, 17))
        .hasMessage("inFlight 17 is out of range 1..16");
  }

  @Test
  void theEndpointIsHostAndPortWithAnIpv6HostInBrackets() {
    assertThat(new Transport.ModbusTcp("10.0.0.5", 1502, 3).endpoint()).isEqualTo("10.0.0.5:1502");
    assertThat(new Transport.ModbusTcp("fd00::5", 502, 3).endpoint()).isEqualTo("[fd00::5]:502");
  }
}
