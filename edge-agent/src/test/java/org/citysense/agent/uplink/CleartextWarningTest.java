package org.citysense.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class CleartextWarningTest {

  private static UplinkSettings http(String url) {
    return UplinkSettings.http(URI.create(url), "token");
  }

  @Test
  void warnsOfHttpToALanAddress() {
    assertThat(CleartextWarning.message(http("http://10.0.0.5:8080")))
        .contains(
            "cloud uplink http://10.0.0.5:8080 is not encrypted: readings and the gateway token"
                + " cross the network in clear; use https:// (docs/install.md)");
  }

  @Test
  void warnsOfMqttOverTcpToAName() {
    assertThat(CleartextWarning.message(UplinkSettings.mqtt("tcp://broker.lan:1883", "gw", "pw")))
        .hasValueSatisfying(m -> assertThat(m).contains("tcp://broker.lan:1883", "use ssl://"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080",
        "http://127.9.9.9",
        "http://localhost:8080",
        "HTTP://LOCALHOST",
        "http://[::1]:8080",
        "https://10.0.0.5:8443",
        "https://cloud.example.org"
      })
  void staysQuietForLoopbackOrHttps(String url) {
    assertThat(CleartextWarning.message(http(url))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tcp://127.0.0.1:1883", "ssl://192.168.1.2:8883", "tcp://[::1]:1883"})
  void staysQuietForMqttOnLoopbackOrTls(String broker) {
    assertThat(CleartextWarning.message(UplinkSettings.mqtt(broker, "gw", "pw"))).isEmpty();
  }

  @Test
  void doesNotTakeANameEndingInALoopbackAddressForLoopback() {
    assertThat(CleartextWarning.message(http("http://127.0.0.1.example.org"))).isPresent();
  }

  @Test
  void logsTheWarningAtWarn() {
    Logger logger = (Logger) LoggerFactory.getLogger(CleartextWarning.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      CleartextWarning.log(http("http://127.0.0.1:8080"));
      CleartextWarning.log(http("http://192.168.1.20:8080"));
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).startsWith("cloud uplink http://192.168.1.20");
            });
  }
}
