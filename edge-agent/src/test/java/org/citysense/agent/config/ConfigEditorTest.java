package org.citysense.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigEditorTest {
  private static final String CONFIG =
      "# the gateway in the pump house\n"
          + "gateway:\n"
          + "  id: gw-old      # from the first enrollment\n"
          + "\n"
          + "dataDir: data    # state\n"
          + "cloud: {url: http://old.example, tokenFile: token}\n"
          + "devices:\n"
          + "  # the gas sensor by the boiler\n"
          + "  - {id: gas-1, profile: gas-lel-modbus, modbus-rtu: {port: /dev/ttyUSB0, unitId: 7}}\n"
          + "  - id: smoke-1     # hall\n"
          + "    profile: smoke-nbiot-mqtt\n"
          + "    mqtt: {}\n"
          + "\n"
          + "# end of file\n";
  private static final String PM =
      "{id: pm-1, profile: pm25-rs485, modbus-tcp: {host: 10.0.0.5, unitId: 1}}";

  private final AgentConfigLoader loader = new AgentConfigLoader();

  private AgentConfig load(String text) {
    return loader.parse("agent.yaml", text, Path.of("/etc/citysense-agent")).config();
  }

  @Test
  void setsAScalarKeepingItsComment() {
    String edited = new ConfigEditor(CONFIG).set(List.of("gateway", "id"), "gw-0042").text();
    assertThat(edited).isEqualTo(CONFIG.replace("gw-old", "gw-0042"));
    assertThat(load(edited).gatewayId()).isEqualTo("gw-0042");
  }

  @Test
  void setsAScalarInAFlowMap() {
    String edited =
        new ConfigEditor(CONFIG).set(List.of("cloud", "url"), "https://cloud.example:8443").text();
    assertThat(edited)
        .contains("cloud: {url: https://cloud.example:8443, tokenFile: token}\n")
        .contains("# the gas sensor by the boiler\n");
    assertThat(load(edited).cloud().url()).isEqualTo("https://cloud.example:8443");
  }

  @Test
  void addsAMissingKeyToAFlowMap() {
    String edited = new ConfigEditor(CONFIG).set(List.of("cloud", "caFile"), "/etc/ca.pem").text();
    assertThat(edited)
        .contains("cloud: {url: http://old.example, tokenFile: token, caFile: /etc/ca.pem}\n");
  }

  @Test
  void addsAMissingKeyToABlockMapAfterItsLastLine() {
    String edited = new ConfigEditor(CONFIG).set(List.of("gateway", "name"), "pump house").text();
    assertThat(edited)
        .contains("  id: gw-old      # from the first enrollment\n  name: \"pump house\"\n\n");
  }

  @Test
  void addsAMissingSectionAtTheEndOfTheRootMap() {
    String text = "gateway: {id: gw-1}\ndevices: []\n# trailing comment\n";
    String edited = new ConfigEditor(text).set(List.of("cloud", "url"), "http://c.example").text();
    assertThat(edited)
        .isEqualTo(
            "gateway: {id: gw-1}\ndevices: []\ncloud: {url: http://c.example}\n"
                + "# trailing comment\n");
    assertThat(load(edited).cloud().url()).isEqualTo("http://c.example");
  }

  @Test
  void fillsAnEmptyValue() {
    String edited = new ConfigEditor("gateway:\n  id:\n").set(List.of("gateway", "id"), "g").text();
    assertThat(edited).isEqualTo("gateway:\n  id: g\n");
    edited = new ConfigEditor("gateway:\ncloud: {}\n").set(List.of("gateway", "id"), "g").text();
    assertThat(edited).isEqualTo("gateway: {id: g}\ncloud: {}\n");
  }

  @Test
  void setsIntoAnEmptyFlowMap() {
    String edited = new ConfigEditor("cloud: {}\n").set(List.of("cloud", "url"), "http://x").text();
    assertThat(edited).isEqualTo("cloud: {url: http://x}\n");
  }

  @Test
  void refusesToSetAMapAsAScalar() {
    assertThatThrownBy(() -> new ConfigEditor(CONFIG).set(List.of("gateway"), "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gateway is not a single value");
    assertThatThrownBy(() -> new ConfigEditor(CONFIG).set(List.of("dataDir", "x"), "x"))
        .hasMessageContaining("dataDir is not a map");
  }

  @Test
  void quotesWhatWouldNotReadBackAsTheSameString() {
    assertThat(ConfigEditor.scalar("gw-0001")).isEqualTo("gw-0001");
    assertThat(ConfigEditor.scalar("https://c.example:8443/x"))
        .isEqualTo("https://c.example:8443/x");
    assertThat(ConfigEditor.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(ConfigEditor.scalar("a: b")).isEqualTo("\"a: b\"");
    assertThat(ConfigEditor.scalar("x # y")).isEqualTo("\"x # y\"");
    assertThat(ConfigEditor.scalar("say \"hi\"\\")).isEqualTo("\"say \\\"hi\\\"\\\\\"");
    assertThat(ConfigEditor.scalar("")).isEqualTo("\"\"");
    String weird = "Haus \"Süd\": #3 — ✓ 𝄞";
    ConfigEditor edited =
        new ConfigEditor("gateway: {id: x}\ndevices: []\n").set(List.of("gateway", "id"), weird);
    assertThat(load(edited.text()).gatewayId()).isEqualTo(weird);
  }

  @Test
  void appendsToABlockListAfterItsLastItem() {
    String edited = new ConfigEditor(CONFIG).append("devices", PM).text();
    assertThat(edited)
        .isEqualTo(CONFIG.replace("    mqtt: {}\n", "    mqtt: {}\n  - " + PM + "\n"));
    assertThat(load(edited).devices())
        .extracting(d -> d.id())
        .containsExactly("gas-1", "smoke-1", "pm-1");
  }

  @Test
  void appendsToAnIndentlessBlockList() {
    String text = "devices:\n- {id: a, profile: smoke-nbiot-mqtt, mqtt: {}}  # first\nx: 1\n";
    String edited = new ConfigEditor(text).append("devices", "{id: b}").text();
    assertThat(edited)
        .isEqualTo(
            "devices:\n- {id: a, profile: smoke-nbiot-mqtt, mqtt: {}}  # first\n- {id: b}\nx: 1\n");
  }

  @Test
  void turnsAnEmptyListIntoABlockList() {
    String text = "gateway: {id: g}\ndevices: []   # none yet\n# end\n";
    String edited = new ConfigEditor(text).append("devices", PM).text();
    assertThat(edited)
        .isEqualTo("gateway: {id: g}\ndevices:   # none yet\n  - " + PM + "\n# end\n");
    assertThat(load(edited).devices()).hasSize(1);
    edited = new ConfigEditor("gateway: {id: g}\ndevices:\n").append("devices", PM).text();
    assertThat(edited).isEqualTo("gateway: {id: g}\ndevices:\n  - " + PM + "\n");
  }

  @Test
  void appendsToAFlowList() {
    ConfigEditor edited =
        new ConfigEditor("devices: [{id: a}]  # x\n").append("devices", "{id: b}");
    assertThat(edited.text()).isEqualTo("devices: [{id: a}, {id: b}]  # x\n");
    String multiLine = "devices: [\n    {id: a},\n    {id: b}\n  ]\n";
    assertThat(new ConfigEditor(multiLine).append("devices", "{id: c}").text())
        .isEqualTo("devices: [\n    {id: a},\n    {id: b},\n    {id: c}\n  ]\n");
  }

  @Test
  void createsAMissingList() {
    String edited = new ConfigEditor("gateway: {id: g}\n").append("devices", PM).text();
    assertThat(edited).isEqualTo("gateway: {id: g}\ndevices:\n  - " + PM + "\n");
    assertThat(load(edited).devices()).hasSize(1);
  }

  @Test
  void findsAnItemById() {
    ConfigEditor editor = new ConfigEditor(CONFIG);
    assertThat(editor.indexOf("devices", "gas-1")).isZero();
    assertThat(editor.indexOf("devices", "smoke-1")).isEqualTo(1);
    assertThat(editor.indexOf("devices", "nope")).isEqualTo(-1);
    assertThat(editor.indexOf("missing", "gas-1")).isEqualTo(-1);
  }

  @Test
  void removesABlockItemWithItsLinesKeepingTheRest() {
    String edited = new ConfigEditor(CONFIG).remove("devices", 1).text();
    assertThat(edited)
        .isEqualTo(
            CONFIG.replace(
                "  - id: smoke-1     # hall\n    profile: smoke-nbiot-mqtt\n    mqtt: {}\n", ""));
    assertThat(load(edited).devices()).extracting(d -> d.id()).containsExactly("gas-1");
    edited = new ConfigEditor(CONFIG).remove("devices", 0).text();
    assertThat(edited)
        .doesNotContain("gas-1")
        .contains("  # the gas sensor by the boiler\n  - id: smoke-1     # hall\n");
    assertThat(load(edited).devices()).extracting(d -> d.id()).containsExactly("smoke-1");
  }

  @Test
  void removingTheLastBlockItemLeavesAnEmptyList() {
    String text = "devices:   # here\n  - {id: a}\n# end\n";
    assertThat(new ConfigEditor(text).remove("devices", 0).text())
        .isEqualTo("devices: []   # here\n# end\n");
  }

  @Test
  void removesFromAFlowList() {
    String text = "devices: [{id: a}, {id: b}, {id: c}]\n";
    assertThat(new ConfigEditor(text).remove("devices", 1).text())
        .isEqualTo("devices: [{id: a}, {id: c}]\n");
    assertThat(new ConfigEditor(text).remove("devices", 2).text())
        .isEqualTo("devices: [{id: a}, {id: b}]\n");
    assertThat(new ConfigEditor(text).remove("devices", 0).text())
        .isEqualTo("devices: [{id: b}, {id: c}]\n");
    assertThat(new ConfigEditor("devices: [{id: a}]\n").remove("devices", 0).text())
        .isEqualTo("devices: []\n");
  }

  @Test
  void appendThenRemoveRoundTrips() {
    ConfigEditor editor = new ConfigEditor(CONFIG).append("devices", PM);
    editor.remove("devices", editor.indexOf("devices", "pm-1"));
    assertThat(editor.text()).isEqualTo(CONFIG);
  }

  @Test
  void refusesTextThatIsNotAMap() {
    assertThatThrownBy(() -> new ConfigEditor("- a\n- b\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a YAML map");
    assertThatThrownBy(() -> new ConfigEditor("a: [\n")).hasMessageContaining("not valid YAML");
  }
}
