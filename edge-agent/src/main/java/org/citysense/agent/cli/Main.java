package org.citysense.agent.cli;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * The entry point of {@code edge-agent}. {@code run} in its plain forms starts the agent without
 * building picocli's model of every command (see {@link RunArgs}); everything else goes through
 * picocli ({@link EdgeAgentCli#commandLine()}). A class of its own because the JVM, in looking up
 * {@code main}, loads every type named in the public methods of the main class: here, none of
 * picocli's.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Optional<RunArgs> run = RunArgs.parse(args);
    System.exit(
        run.isPresent()
            ? AgentRun.direct(
                run.get(), new PrintWriter(System.out, true), new PrintWriter(System.err, true))
            : EdgeAgentCli.commandLine().execute(args));
  }
}
