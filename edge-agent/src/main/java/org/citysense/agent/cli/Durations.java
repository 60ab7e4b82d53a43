package org.citysense.agent.cli;

import java.time.Duration;
import org.citysense.profiles.load.YamlMap;
import picocli.CommandLine;

/** {@code --timeout 2s}, {@code 200ms}: durations written as in the config file. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    Duration d =
        YamlMap.parseDuration(value)
            .orElseThrow(
                () ->
                    new CommandLine.TypeConversionException(
                        "\"" + value + "\" is not a duration such as 200ms or 2s"));
    if (d.isZero()) {
      throw new CommandLine.TypeConversionException("a timeout of 0 waits for nothing");
    }
    return d;
  }

  /** As an installer writes it: 2s, 200ms, 1.5s. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms < 1000 ? ms + "ms" : (ms / 1000.0) + "s";
  }
}
