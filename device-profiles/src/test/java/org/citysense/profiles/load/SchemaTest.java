package org.citysense.profiles.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped JSON Schemas (for editors and other tools) agree with the loader: what the loader
 * accepts passes them, and field-level breakage the schema can express fails them.
 */
class SchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bundledProfilesPassTheProfileSchema() throws IOException {
    JsonSchema schema = schema("profile.schema.json");
    for (String name : ProfileCatalog.bundledNames()) {
      assertThat(schema.validate(yaml(ProfileCatalog.bundledText(name)))).as(name).isEmpty();
    }
  }

  @Test
  void exampleDeviceFilePassesTheDeviceSchema() throws IOException {
    JsonSchema schema = schema("devices.schema.json");
    assertThat(schema.validate(yaml(LoaderTest.text("valid/devices.yaml")))).isEmpty();
  }

  @Test
  void schemaRejectsWhatTheLoaderRejectsByField() throws Exception {
    JsonSchema profiles = schema("profile.schema.json");
    for (String broken :
        new String[] {
          "pm25-rs485.yaml", "unknown-quantity.yaml", "unknown-field.yaml",
          "missing-quantity.yaml", "unknown-protocol.yaml", "scale-zero.yaml"
        }) {
      Path file =
          Path.of(getClass().getClassLoader().getResource("broken/profiles/" + broken).toURI());
      assertThat(profiles.validate(yaml(Files.readString(file)))).as(broken).isNotEmpty();
    }
  }

  @Test
  void schemaRejectsAnInFlightTheLoaderRejects() throws Exception {
    JsonSchema devices = schema("devices.schema.json");
    for (String broken : new String[] {"in-flight-range.yaml", "in-flight-type.yaml"}) {
      Path file =
          Path.of(getClass().getClassLoader().getResource("broken/devices/" + broken).toURI());
      assertThat(devices.validate(yaml(Files.readString(file)))).as(broken).isNotEmpty();
    }
  }

  private static JsonNode yaml(String text) {
    Object tree = new Yaml(new LoaderOptions()).load(text);
    return JSON.valueToTree(tree);
  }

  private static JsonSchema schema(String name) throws IOException {
    try (var in = SchemaTest.class.getResourceAsStream("/schema/" + name)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }
}
