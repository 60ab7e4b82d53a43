package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** One in-process run of {@code edge-agent}, with what it printed. */
final class CliRun {
  final int exit;
  final String out;
  final String err;

  private CliRun(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = EdgeAgentCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  int exit() {
    return exit;
  }

  String out() {
    return out;
  }

  String err() {
    return err;
  }

  /** The unit ids a scan listed, in order. */
  List<Integer> units() {
    Matcher m = Pattern.compile("(?m)^unit (\\d+): ").matcher(out);
    return m.results().map(r -> Integer.parseInt(r.group(1))).toList();
  }

  /** The table rows printed after the header line starting with {@code header}. */
  List<String> rowsAfter(String header) {
    List<String> lines = out.lines().toList();
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith(header)) {
      at++;
    }
    return lines.subList(Math.min(at + 1, lines.size()), lines.size()).stream()
        .filter(l -> !l.startsWith("hint:"))
        .toList();
  }

  /** A config file with {@code devices} (YAML flow entries, one per line) in {@code dir}. */
  static Path config(Path dir, String profilesDir, String... devices) throws Exception {
    StringBuilder yaml = new StringBuilder("gateway: {id: gw-test}\nstatus: {port: -1}\n");
    if (profilesDir != null) {
      yaml.append("profilesDir: ").append(profilesDir).append('\n');
    }
    yaml.append("devices:\n");
    for (String d : devices) {
      yaml.append("  - ").append(d).append('\n');
    }
    Path file = dir.resolve("agent.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Override
  public String toString() {
    return "exit " + exit + "\nout:\n" + out + "\nerr:\n" + err;
  }
}
