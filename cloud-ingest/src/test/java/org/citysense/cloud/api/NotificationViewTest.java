package org.citysense.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The delivery log's addresses are masked for the API. */
class NotificationViewTest {
  @Test
  void masksPhonesAndTokens() {
    assertThat(NotificationView.mask("+8613800138000")).isEqualTo("+86 138****8000");
    assertThat(NotificationView.mask("dGhpcyBpcyBhIHRva2Vu")).isEqualTo("dGhp****a2Vu");
    assertThat(NotificationView.mask("+861")).isEqualTo("****");
  }
}
