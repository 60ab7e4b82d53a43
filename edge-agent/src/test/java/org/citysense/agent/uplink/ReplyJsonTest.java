package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cloud's replies and error bodies, as the uplinks read them. */
class ReplyJsonTest {
  private final ReplyJson json = new ReplyJson();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsTheIngestReplyAndSkipsWhatItDoesNotKnow() throws IOException {
    ReplyJson.Answer answer =
        json.read(
            bytes(
                "{\"batchId\":\"gw-1-000042\",\"stored\":2,\"duplicates\":1,"
                    + "\"later\":{\"nested\":[1,{\"stored\":99}]},"
                    + "\"rejected\":[{\"seq\":3,\"reason\":\"unknown device pm-9\",\"x\":[]},"
                    + "{\"seq\":4}],\"clockOffsetMs\":-250,\"clockFlagged\":true}"));
    assertThat(answer)
        .isEqualTo(
            new ReplyJson.Answer(
                "gw-1-000042",
                new UplinkReply(
                    2,
                    1,
                    List.of(
                        new UplinkReply.Rejected(3, "unknown device pm-9"),
                        new UplinkReply.Rejected(4, null)),
                    -250,
                    true),
                200,
                null,
                null,
                null));
  }

  @Test
  void aReplyWithoutItsCountsIsNotOne() {
    for (String body :
        List.of(
            "{\"stored\":2}",
            "{\"stored\":null,\"duplicates\":0}",
            "{\"stored\":\"2\",\"duplicates\":0}",
            "{\"stored\":3000000000,\"duplicates\":0}")) {
      assertThatThrownBy(() -> json.reply(bytes(body)))
          .as(body)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("without stored and duplicates");
    }
  }

  @Test
  void readsAnErrorWithTheRetryTheCloudAsksFor() throws IOException {
    assertThat(
            json.read(
                bytes(
                    "{\"batchId\":\"b-7\",\"status\":503,\"error\":\"busy\",\"field\":null,"
                        + "\"retryAfterSeconds\":30}")))
        .isEqualTo(new ReplyJson.Answer("b-7", null, 503, "busy", null, Duration.ofSeconds(30)));
    assertThat(
            json.read(
                bytes(
                    "{\"status\":400,\"error\":\"is missing\",\"field\":\"readings[0].unit\","
                        + "\"retryAfterSeconds\":-5}")))
        .isEqualTo(
            new ReplyJson.Answer(null, null, 400, "is missing", "readings[0].unit", Duration.ZERO));
  }

  @Test
  void whatIsNeitherAReplyNorAnErrorIsRefused() {
    for (String body :
        List.of("", "null", "[1]", "\"text\"", "<html>bad gateway</html>", "{\"status\":null}")) {
      assertThatThrownBy(() -> json.read(bytes(body))).as(body).isInstanceOf(IOException.class);
    }
  }

  @Test
  void anErrorBodyThatIsNotTheCloudsIsShownAsItIs() {
    assertThat(json.error(502, bytes("<html>bad gateway</html>\n")))
        .isEqualTo(new ReplyJson.Answer(null, null, 502, "<html>bad gateway</html>", null, null));
    assertThat(json.error(413, bytes("{\"status\":413,\"error\":\"too large\"}")))
        .isEqualTo(new ReplyJson.Answer(null, null, 413, "too large", null, null));
  }
}
