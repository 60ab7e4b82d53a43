package org.citysense.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.citysense.agent.config.AgentConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent status}: what the running agent says of itself, for people or as JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Ask the running agent how it is.",
      "Shows the buffer, the last uplink, the clock offset from the cloud, each device by state"
          + " with its last problem, each bus. The address comes from the config's status section"
          + " (without --config: ./agent.yaml, else /etc/citysense-agent/agent.yaml, else"
          + " http://127.0.0.1:8780). Exit code 6 when nothing answers there."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent status",
      "  edge-agent status --config /etc/citysense-agent/agent.yaml",
      "  edge-agent status --url http://127.0.0.1:8781 --json"
    })
final class StatusCommand implements Callable<Integer> {
  /** Where the config is looked for without {@code --config}, in this order. */
  static final List<Path> DEFAULT_CONFIGS =
      List.of(Path.of("agent.yaml"), Path.of("/etc/citysense-agent/agent.yaml"));

  static final String DEFAULT_URL = "http://127.0.0.1:8780";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "The agent's config file; its status section says where to ask.")
  Path config;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Ask here instead, e.g. http://127.0.0.1:8780 (/status is added).")
  String url;

  @Option(names = "--json", description = "Print the agent's status document as it is.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI target;
    try {
      target = target();
    } catch (IllegalArgumentException e) {
      err.println("edge-agent status: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String body;
    try {
      body = Fetch.status(target);
    } catch (ConnectException e) {
      err.println("edge-agent status: the agent is not running (no answer on " + target + ")");
      err.println(
          "  start it: systemctl start citysense-edge-agent;"
              + " its log: journalctl -u citysense-edge-agent");
      return ExitCodes.AGENT_NOT_RUNNING;
    } catch (NoAnswerException e) {
      err.println(
          "edge-agent status: the agent on "
              + target
              + " took the request but did not answer; see journalctl -u citysense-edge-agent");
      return ExitCodes.SOFTWARE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.SOFTWARE;
    } catch (AnswerException e) {
      err.println("edge-agent status: " + e.getMessage());
      return ExitCodes.SOFTWARE;
    }
    JsonNode doc;
    try {
      doc = new ObjectMapper().readTree(body);
    } catch (JsonProcessingException e) {
      err.println("edge-agent status: " + target + " did not answer JSON; is it an edge agent?");
      return ExitCodes.SOFTWARE;
    }
    if (json) {
      out.println(body.strip());
    } else {
      new StatusReport(doc).print(out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The status URL: --url, else the config's status section, else the default. */
  URI target() {
    if (url != null) {
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      URI uri = URI.create(base.endsWith("/status") ? base : base + "/status");
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("--url " + url + " is not like " + DEFAULT_URL);
      }
      return uri;
    }
    Path file = config;
    if (file == null) {
      file = DEFAULT_CONFIGS.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }
    if (file == null) {
      return URI.create(DEFAULT_URL + "/status");
    }
    AgentConfigLoader.StatusEndpoint endpoint = new AgentConfigLoader().statusEndpoint(file);
    if (endpoint.port() < 0) {
      throw new IllegalArgumentException(
          file + " turns the status endpoint off (status: {port: -1}); give --url");
    }
    return URI.create("http://" + hostForUrl(endpoint.host()) + ":" + endpoint.port() + "/status");
  }

  /** The agent listening on every address is asked on loopback; an IPv6 literal is bracketed. */
  private static String hostForUrl(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * The request, in a class of its own: picocli makes every subcommand for {@code run} too, and
   * verifying a method loads the exceptions its catch clauses name, so java.net.http's would be
   * loaded into the agent even though only {@code status} uses them.
   */
  private static final class Fetch {
    /**
     * @throws ConnectException when nothing listens or connecting times out
     * @throws NoAnswerException when the connection is taken but no answer comes
     */
    static String status(URI target) throws IOException, InterruptedException {
      HttpClient client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(3))
              .proxy(HttpClient.Builder.NO_PROXY)
              .build();
      HttpRequest request =
          HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).GET().build();
      HttpResponse<String> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (HttpConnectTimeoutException e) {
        throw (ConnectException) new ConnectException(e.getMessage()).initCause(e);
      } catch (HttpTimeoutException e) {
        throw new NoAnswerException(e);
      }
      if (response.statusCode() != 200) {
        throw new AnswerException(
            target + " answered " + response.statusCode() + ": " + response.body().strip());
      }
      return response.body();
    }
  }

  /** The agent took the connection but did not answer in time. */
  private static final class NoAnswerException extends IOException {
    NoAnswerException(Throwable cause) {
      super(cause);
    }
  }

  /** The endpoint answered, but not with a status. */
  private static final class AnswerException extends IOException {
    AnswerException(String message) {
      super(message);
    }
  }
}
