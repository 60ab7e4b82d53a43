package org.citysense.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Map;

/**
 * The agent's logging, set up in code rather than from a {@code logback.xml}: reading XML would
 * load logback's configuration machinery and the JDK's XML parser, some 450 classes and 3.5 MiB of
 * a gateway's memory (docs/benchmarks.md, issue 17). Logback finds it through {@code
 * META-INF/services}. Logs go to stderr (stdout may carry readings as JSON lines): the agent's own
 * at INFO, everything else at WARN.
 *
 * <p>A configuration the user asked for wins: with {@code -Dlogback.configurationFile=...}, or a
 * {@code logback-test.xml} or {@code logback.xml} on the class path (or their serialized-model
 * counterparts), this steps aside and logback reads that file as usual.
 */
public final class AgentLogging extends ContextAwareBase implements Configurator {
  /** The system properties that name a configuration file, XML or serialized model. */
  static final List<String> FILE_PROPERTIES =
      List.of("logback.configurationFile", "logback.scmoFile");

  /** The configuration files logback looks for on the class path. */
  static final List<String> FILES =
      List.of("logback-test.scmo", "logback.scmo", "logback-test.xml", "logback.xml");

  /** The loggers' levels (the root's is WARN), as the agent's logback.xml had them. */
  static final Map<String, Level> LEVELS =
      Map.of(
          "org.citysense", Level.INFO,
          // OPC UA through PLC4X: the driver logs each problem once with endpoint, device and node;
          // PLC4X logs an ERROR for every unknown node on every poll, and one, wrongly, for the
          // certificate that security None does not need on every connect
          "org.apache.plc4x", Level.OFF,
          "io.netty", Level.WARN,
          "io.moquette", Level.WARN,
          "org.eclipse.californium", Level.WARN,
          "org.eclipse.paho", Level.WARN);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return configure(context, AgentLogging.class.getClassLoader());
  }

  /**
   * @param classPath where logback looks for its configuration files
   */
  ExecutionStatus configure(LoggerContext context, ClassLoader classPath) {
    if (FILE_PROPERTIES.stream().anyMatch(p -> System.getProperty(p) != null)
        || FILES.stream().anyMatch(f -> classPath.getResource(f) != null)) {
      addInfo("a logback configuration file was given; leaving the configuration to it");
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The agent's configuration, whatever files there are. */
  static void apply(LoggerContext context) {
    LogLine line = new LogLine();
    line.setContext(context);
    line.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(line);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
  }
}
