package org.citysense.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsolePolicyTest {
  private static final String INDEX =
      "<head><script type=\"importmap\">{\"imports\": {}}</script>"
          + "<script type=\"module\" src=\"./app.js\"></script></head>";

  @Test
  void theImportMapIsAllowedByItsHashAndNothingElseInline() {
    String policy = ConsolePolicy.of(INDEX, Optional.empty());
    // sha256 of {"imports": {}}, as `printf '%s' '{"imports": {}}' | openssl dgst -sha256 -binary |
    // base64`
    assertThat(policy)
        .contains("script-src 'self' 'sha256-CJt/FpW3RQlGvqBeO/YK74xrTm1ctS6rLMJu1bV4fMc='")
        .contains("default-src 'none'")
        .contains("img-src 'self' data:;")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe");
  }

  @Test
  void mapTilesComeFromTheConfiguredServersOrigin() {
    assertThat(ConsolePolicy.of(INDEX, Optional.of("https://{s}.tile.example.org/{z}/{x}/{y}.png")))
        .contains("img-src 'self' data: https://*.tile.example.org;");
    assertThat(ConsolePolicy.origin("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png"))
        .contains("http://10.0.0.5:8080");
    assertThat(ConsolePolicy.origin("tiles/{z}/{x}/{y}.png")).isEmpty();
  }

  @Test
  void anIndexWithoutImportMapIsRefusedAtStart() {
    assertThatThrownBy(() -> ConsolePolicy.of("<html></html>", Optional.empty()))
        .hasMessageContaining("no import map");
  }
}
