package org.citysense.io.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.junit.jupiter.api.Test;

/** What an installer reads when a serial port will not open: the cause and the fix. */
class SerialPortsTest {
  private static final SerialSettings EVEN = SerialSettings.MODBUS_DEFAULT;

  @Test
  void aPortThatIsNotThereSaysWhereToLook() {
    IOException e =
        catchThrowableOfType(IOException.class, () -> SerialPorts.open("/dev/ttyUSB97", EVEN, 100));
    assertThat(e.getMessage())
        .startsWith("cannot open serial port /dev/ttyUSB97")
        .contains("there is no such port")
        .contains("ls /dev/ttyUSB*");
  }

  @Test
  void theSystemsCodesBecomeTheCauseAndTheFix() {
    assertThat(SerialPorts.why(13, EVEN)).contains("permission denied").contains("dialout");
    assertThat(SerialPorts.why(16, EVEN)).contains("in use by another program");
    assertThat(SerialPorts.why(22, EVEN))
        .contains("cannot keep even parity")
        .contains("use parity N at both ends");
    SerialSettings none = new SerialSettings(9600, 8, Parity.NONE, 1);
    assertThat(SerialPorts.why(22, none)).isEqualTo("the port refuses these settings");
  }
}
