package org.citysense.agent.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.citysense.agent.ProtocolDrivers;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.OpcUaSupport;
import org.citysense.agent.driver.PollingDriver;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DataType;
import org.junit.jupiter.api.Test;

/**
 * The OPC UA stack loaded as the agent loads it, here from Maven's class path, where PLC4X is and
 * lib/opcua/ is not (OpcUaLibsIT runs it from the packaged layout).
 */
class OptionalLibsTest {

  @Test
  void theOpcUaStackIsInALoaderOfItsOwnOverTheAgentsTypesAndPlc4xOnTheClassPath() throws Exception {
    try (ProtocolDrivers drivers = new ProtocolDrivers()) {
      OpcUaSupport opcUa = drivers.opcUa();
      ClassLoader loader = opcUa.getClass().getClassLoader();
      DriverSettings once = new DriverSettings(Duration.ofMillis(200), 0, Duration.ZERO, 0);

      assertThat(loader).isInstanceOf(ChildFirstLoader.class);
      assertThat(loader.getName()).isEqualTo("opcua");
      assertThat(drivers.opcUa()).as("loaded once").isSameAs(opcUa);
      assertThat(opcUa.typeName(DataType.FLOAT64)).isEqualTo("LREAL");
      try (PollingDriver driver =
          opcUa.driver(new Transport.OpcUa("opc.tcp://127.0.0.1:4840"), once)) {
        assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
      }
      assertThat(loader.loadClass("org.apache.plc4x.java.api.PlcDriver").getClassLoader())
          .isSameAs(OpcUaSupport.class.getClassLoader());
    }
  }

  @Test
  void librariesThatAreNotThereAreNamedWithWhatNeedsThem() {
    OptionalLibs none =
        new OptionalLibs(
            "Nothing",
            "nothing",
            "org.citysense.agent.nothing",
            "org.citysense.agent.nothing.Support",
            "org/citysense/agent/nothing/Missing.class");

    assertThatThrownBy(() -> none.load(Runnable.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Nothing needs the jars of lib/nothing/, which are not on the class path, and the"
                + " agent does not run from its jar");
  }
}
