package org.citysense.agent.cli;

import java.io.PrintWriter;
import org.citysense.profiles.load.InvalidFileException;

/**
 * What {@code edge-agent} exits with, so that scripts and installers can tell failures apart. Every
 * command's {@code --help} lists them.
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** A file, a device or a value is not valid; the problems were printed with file and line. */
  public static final int INVALID = 1;

  /** Wrong usage: an unknown option, a missing argument. */
  public static final int USAGE = 2;

  /** The cloud could not be reached (network, DNS, TLS, timeout). */
  public static final int CLOUD_UNREACHABLE = 3;

  /** The cloud answered no: a bad, used or expired enrollment code, a refused token. */
  public static final int CLOUD_REFUSED = 4;

  /** A device or bus did not answer, or its port is missing. */
  public static final int DEVICE_FAULT = 5;

  /** {@code edge-agent status}: nothing answers on the agent's status endpoint. */
  public static final int AGENT_NOT_RUNNING = 6;

  /** Something unexpected; the message says what. */
  public static final int SOFTWARE = 70;

  /**
   * The lines every command's help ends with; {@link EdgeAgentCli#commandLine()} appends them to
   * each command's footer, so a command's own footer holds only its examples.
   */
  public static final String[] HELP =
      new String[] {
        "",
        "Exit codes: 0 done, 1 a file, device or value is not valid, 2 wrong usage,",
        "  3 cloud unreachable, 4 refused by the cloud, 5 device or bus fault,",
        "  6 the agent is not running, 70 unexpected."
      };

  /**
   * Prints what went wrong in one line, or a file's problems one per line, and says what to exit
   * with: every command's failure, whether picocli ran it or {@link AgentRun#direct} did.
   */
  static int report(Exception e, PrintWriter err) {
    if (e instanceof InvalidFileException invalid) {
      invalid.problems().forEach(err::println);
      return INVALID;
    }
    err.println("edge-agent: " + e.getMessage());
    return SOFTWARE;
  }

  private ExitCodes() {}
}
