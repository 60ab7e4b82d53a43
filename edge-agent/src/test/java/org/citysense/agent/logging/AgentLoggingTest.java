package org.citysense.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class AgentLoggingTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream realErr;
  private final LoggerContext context = new LoggerContext();

  @BeforeEach
  void captureStderr() {
    context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's SLF4J provider gives its own
    realErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    context.stop();
    System.setErr(realErr);
  }

  private String logged() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logbackFindsItAsAService() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class))
        .anySatisfy(c -> assertThat(c).isInstanceOf(AgentLogging.class));
  }

  @Test
  void theAgentsOwnLogsAtInfoAndEverythingElseAtWarnToStderr() {
    AgentLogging.apply(context);
    Logger agent = context.getLogger("org.citysense.agent.uplink.Forwarder");
    Logger netty = context.getLogger("io.netty.channel.Foo");
    Logger other = context.getLogger("com.example.Other");
    agent.info("sent {} readings", 500);
    agent.debug("not shown");
    netty.info("not shown");
    netty.warn("netty warns");
    other.info("not shown");
    other.error("other fails");
    assertThat(logged().lines())
        .hasSize(3)
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  o\\.c\\.a\\.u\\.Forwarder - sent 500"
                            + " readings"),
            l ->
                assertThat(l)
                    .matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  i\\.netty\\.channel\\.Foo - netty warns"),
            l ->
                assertThat(l)
                    .matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR com\\.example\\.Other - other fails"));
  }

  @Test
  void anExceptionIsLoggedWithItsStackTrace() {
    AgentLogging.apply(context);
    context
        .getLogger("org.citysense.agent.Agent")
        .warn("could not", new IllegalStateException("broken"));
    assertThat(logged())
        .contains("WARN  o.c.agent.Agent - could not")
        .contains("java.lang.IllegalStateException: broken")
        .contains("\tat org.citysense.agent.logging.AgentLoggingTest.");
  }

  @Test
  void withoutAConfigurationFileTheAgentsOwnIsTheOnlyOne() throws Exception {
    AgentLogging configurator = new AgentLogging();
    configurator.setContext(context);
    try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
      assertThat(configurator.configure(context, nothing))
          .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    }
    context.getLogger("org.citysense.agent.Agent").info("started");
    assertThat(logged()).contains("INFO  o.c.agent.Agent - started");
  }

  @Test
  void aConfigurationFileWinsOverTheAgentsOwn() {
    // the tests' class path has a logback-test.xml
    AgentLogging configurator = new AgentLogging();
    configurator.setContext(context);
    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger("ROOT").iteratorForAppenders().hasNext()).isFalse();
  }
}
