package org.citysense.sim.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.sim.scenario.ScenarioCatalog;
import org.junit.jupiter.api.Test;

class SiteLoaderTest {
  private final SiteLoader loader =
      new SiteLoader(ProfileCatalog.bundled(), ScenarioCatalog.bundled());

  @Test
  void theExampleCommunityLoads() throws Exception {
    Path file = Path.of("examples/community.yaml");
    Site site = loader.parse(file.toString(), Files.readString(file));
    assertThat(site.devices()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(site.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    Map<String, Long> byProfile =
        site.devices().stream()
            .collect(Collectors.groupingBy(DeviceInstance::profile, Collectors.counting()));
    assertThat(byProfile)
        .containsEntry("pm25-rs485", 5L)
        .containsEntry("smoke-nbiot-mqtt", 20L)
        .containsEntry("gas-lel-modbus", 20L)
        .containsEntry("water-level-radar", 2L);
    assertThat(byProfile.get("water-meter-modbus") + byProfile.get("water-meter-coap"))
        .isEqualTo(50L);
    Map<String, DeviceInstance> byId =
        site.devices().stream().collect(Collectors.toMap(DeviceInstance::id, Function.identity()));
    assertThat(byId.get("pm-st03").location().latitude()).isEqualTo(31.225);
    assertThat(site.scenarios().get("pm-st03").name()).isEqualTo("pm25-spike");
    assertThat(site.scenarios().get("gas-12").name()).isEqualTo("baseline+fault-dropout");
    assertThat(site.scenarios().get("meter-33").name()).isEqualTo("silent-since-evening");
  }

  @Test
  void thePumpStationExampleServesTwoStationsOnOneOpcUaEndpoint() throws Exception {
    Path file = Path.of("examples/pump-stations.yaml");
    Site site = loader.parse(file.toString(), Files.readString(file));

    assertThat(site.devices())
        .extracting(DeviceInstance::id)
        .containsExactly("ps-north", "ps-south");
    assertThat(site.devices())
        .extracting(DeviceInstance::transport)
        .containsOnly(new Transport.OpcUa("opc.tcp://127.0.0.1:4840/pumps"));
    assertThat(site.scenarios().get("ps-north").name()).isEqualTo("river-rising");
  }

  @Test
  void anUnknownScenarioIsReportedWithItsLine() {
    String text =
        "devices:\n"
            + "  - {id: gas-1, profile: gas-lel-modbus, modbus-tcp: {host: 127.0.0.1, unitId: 1},"
            + " scenario: gas-leek}\n";
    InvalidFileException e =
        catchThrowableOfType(InvalidFileException.class, () -> loader.parse("site.yaml", text));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .singleElement()
        .asString()
        .startsWith("site.yaml:2: devices[0].scenario: no scenario gas-leek; known: baseline,");
  }
}
