package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code edge-agent} in-process, as {@code main} would, keeping its exit code and output. */
record CliRun(int exit, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cmd = EdgeAgentCli.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
