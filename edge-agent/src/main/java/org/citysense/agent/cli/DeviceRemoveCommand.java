package org.citysense.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.citysense.agent.config.ConfigEditor;
import org.citysense.profiles.device.DeviceInstance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code edge-agent device remove <id>}: takes a device out of the config. */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a device from the config (its lines only; comments and the rest",
      "stay). A running agent stops reading it. The cloud keeps the device's",
      "record and its history: there is no API to delete a device."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent device remove pm-1",
      "  edge-agent device remove gas-101 --config /etc/citysense-agent/agent.yaml"
    })
final class DeviceRemoveCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      defaultValue = "agent.yaml",
      paramLabel = "FILE",
      description = "The agent's config file (default ${DEFAULT-VALUE}).")
  Path config;

  @Parameters(paramLabel = "ID", description = "The device's id.")
  String id;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConfigFile file = new ConfigFile(config);
    ConfigFile.Current current = file.current(err);
    if (current == null) {
      return ExitCodes.INVALID;
    }
    ConfigEditor editor = new ConfigEditor(current.text());
    int index = editor.indexOf("devices", id);
    if (index < 0) {
      var ids = current.loaded().config().devices().stream().map(DeviceInstance::id).toList();
      err.println(
          "edge-agent: no device \""
              + id
              + "\" in "
              + config
              + (ids.isEmpty() ? "; it has no devices" : "; it has " + String.join(", ", ids)));
      return ExitCodes.INVALID;
    }
    String text = editor.remove("devices", index).text();
    if (file.check(text, err, "device " + id + " cannot be removed") == null) {
      return ExitCodes.INVALID;
    }
    file.write(text);
    out.printf(
        "device %s removed from %s; the cloud keeps its record and history"
            + " (there is no device deletion API)%n",
        id, config);
    return ExitCodes.OK;
  }
}
