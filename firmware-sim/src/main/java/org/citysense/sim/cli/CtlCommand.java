package org.citysense.sim.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firmware-sim ctl}: change a running simulation without restarting it. */
@Command(
    name = "ctl",
    mixinStandardHelpOptions = true,
    description = {
      "Talk to a running firmware-sim on this machine: show devices, set a value, inject a fault.",
      "Actions: status | set DEVICE POINT VALUE | clear DEVICE POINT | press DEVICE POINT |",
      "         fault DEVICE TYPE [--for D] [--code N] [--delay D] [--point P] |",
      "         clear-faults DEVICE | stop",
      "Fault types: stuck, no-response, exception, corrupt-crc, garbage, slow."
    },
    footer = {
      "",
      "Examples:",
      "  firmware-sim ctl status",
      "  firmware-sim ctl press sos-101 pressed             # press the alarm button (5 s)",
      "  firmware-sim ctl set gas-101 gas 25",
      "  firmware-sim ctl fault pm-st07 no-response --for 2m # make unit 7 stop answering",
      "  firmware-sim ctl fault gas-101 exception --code 6",
      "  firmware-sim ctl clear-faults pm-st07",
      "  firmware-sim ctl stop"
    })
final class CtlCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "7770",
      description = "The simulator's control port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      description = "How long the fault lasts (default: until cleared).")
  String forDuration;

  @Option(
      names = "--code",
      description = "Modbus exception code for the exception fault (default 6).")
  Integer code;

  @Option(
      names = "--delay",
      paramLabel = "DURATION",
      description = "Answer delay for the slow fault (default 3s).")
  String delay;

  @Option(names = "--point", description = "Limit a stuck or garbage fault to one point.")
  String point;

  @Parameters(arity = "1..*", paramLabel = "ACTION", description = "The action and its arguments.")
  List<String> words;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String action = words.get(0);
    String path;
    switch (action) {
      case "status" -> path = null;
      case "set" -> path = post(3, "set", "point", "value");
      case "clear" -> path = post(2, "clear", "point");
      case "press" -> path = post(2, "set", "point") + "&value=true";
      case "fault" -> path = post(2, "fault", "type") + faultOptions();
      case "clear-faults" -> path = post(1, "clear-faults");
      case "stop" -> path = null;
      default ->
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "unknown action "
                  + action
                  + "; use status, set, clear, press, fault, clear-faults or stop");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    String base = "http://127.0.0.1:" + port + "/devices";
    HttpRequest request;
    if (action.equals("stop")) {
      request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stop"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
    } else if (path == null) {
      request = HttpRequest.newBuilder(URI.create(base)).GET().build();
    } else {
      request =
          HttpRequest.newBuilder(URI.create(base + path))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
    }
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new IllegalStateException("no firmware-sim is listening on 127.0.0.1:" + port);
    }
    if (action.equals("press") && response.statusCode() == 200) {
      // a press is momentary: release after 5 seconds, as the bundled scenario does
      Thread.sleep(5000);
      client.send(
          HttpRequest.newBuilder(URI.create(base + post(2, "clear", "point")))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
    out.println(response.body());
    return response.statusCode() == 200 ? 0 : FirmwareSimCli.INVALID;
  }

  /** {@code /DEVICE/ACTION?name1=word2&...} from the positional words. */
  private String post(int arguments, String action, String... names) {
    if (words.size() != arguments + 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          words.get(0)
              + " takes "
              + arguments
              + " argument(s): DEVICE"
              + (names.length > 0 ? " " + String.join(" ", names).toUpperCase() : ""));
    }
    StringBuilder b =
        new StringBuilder("/").append(encode(words.get(1))).append('/').append(action);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < names.length && i + 2 < words.size(); i++) {
      pairs.add(names[i] + "=" + encode(words.get(i + 2)));
    }
    if (!pairs.isEmpty()) {
      b.append('?').append(String.join("&", pairs));
    }
    return b.toString();
  }

  private String faultOptions() {
    StringBuilder b = new StringBuilder();
    if (forDuration != null) {
      b.append("&for=").append(encode(forDuration));
    }
    if (code != null) {
      b.append("&code=").append(code);
    }
    if (delay != null) {
      b.append("&delay=").append(encode(delay));
    }
    if (point != null) {
      b.append("&point=").append(encode(point));
    }
    return b.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
