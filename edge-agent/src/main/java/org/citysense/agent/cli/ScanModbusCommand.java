package org.citysense.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.citysense.agent.modbus.ModbusMaster;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbusrtu.RtuMaster;
import org.citysense.agent.modbustcp.TcpMaster;
import org.citysense.profiles.device.Parity;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.model.ModbusTable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-agent scan modbus}: which unit ids answer on a Modbus TCP endpoint or RTU line. */
@Command(
    name = "modbus",
    mixinStandardHelpOptions = true,
    description = {
      "Ask every unit id for one register (or bit) and list those that answer, with what they"
          + " answered: a value, or a Modbus exception (a device that refuses the address is"
          + " there). Silence, and a TCP gateway's exception 0A or 0B, mean nobody is there.",
      "A progress bar goes to stderr when it is a terminal (--progress draws it anyway,"
          + " --no-progress never). A plain Modbus TCP device often answers for every unit id:"
          + " scan a short range there.",
      "Exit code 0 when a unit answered, 5 when none did or the port or host cannot be opened."
    },
    footer = {
      "",
      "Examples:",
      "  edge-agent scan modbus --serial /dev/ttyUSB0 --baud 9600 --parity E",
      "  edge-agent scan modbus --serial /dev/ttyUSB0 --units 1-10,15,20-30 --timeout 500ms",
      "  edge-agent scan modbus --host 192.0.2.10 --port 502 --units 1-10 --function 4"
    })
final class ScanModbusCommand implements Callable<Integer> {
  private static final int BAR = 30;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where;

  static final class Where {
    @Option(names = "--host", paramLabel = "HOST", description = "A Modbus TCP endpoint.")
    String host;

    @Option(
        names = "--serial",
        paramLabel = "PORT",
        description = "A Modbus RTU line, e.g. /dev/ttyUSB0.")
    String serial;
  }

  @Option(
      names = "--port",
      defaultValue = "502",
      description = "TCP port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--baud",
      defaultValue = "9600",
      description = "Serial baud rate (default ${DEFAULT-VALUE}).")
  int baud;

  @Option(
      names = "--parity",
      defaultValue = "E",
      paramLabel = "N|E|O",
      converter = ParityConverter.class,
      description = "Serial parity (default ${DEFAULT-VALUE}).")
  Parity parity;

  @Option(
      names = "--stop-bits",
      defaultValue = "1",
      paramLabel = "1|2",
      description = "Serial stop bits (default ${DEFAULT-VALUE}).")
  int stopBits;

  @Option(
      names = "--units",
      defaultValue = "1-247",
      paramLabel = "IDS",
      converter = UnitIds.Converter.class,
      description = "Unit ids to try, e.g. 1-10,15,20-30 (default ${DEFAULT-VALUE}).")
  UnitIds units;

  @Option(
      names = "--register",
      defaultValue = "0",
      paramLabel = "ADDRESS",
      description = "The 0-based address to read (default ${DEFAULT-VALUE}).")
  int register;

  @Option(
      names = "--function",
      defaultValue = "3",
      paramLabel = "3|4|1|2",
      description =
          "Read holding registers (3), input registers (4), coils (1) or discrete inputs (2)"
              + " (default ${DEFAULT-VALUE}).")
  int function;

  @Option(
      names = "--timeout",
      defaultValue = "200ms",
      paramLabel = "TIME",
      converter = Durations.class,
      description = "How long to wait for each unit (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Draw the progress bar on stderr (default: when stderr is a terminal).")
  Boolean progress;

  private boolean drawing;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModbusRequest request = request();
    if (where.serial != null && stopBits != 1 && stopBits != 2) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--stop-bits is 1 or 2");
    }
    ModbusMaster master;
    try {
      master =
          where.host != null
              ? TcpMaster.connect(where.host, port, timeout)
              : RtuMaster.onPort(
                  where.serial, new SerialSettings(baud, 8, parity, stopBits), timeout);
    } catch (IOException e) {
      err.println("edge-agent: " + e.getMessage());
      return ExitCodes.DEVICE_FAULT;
    }
    UnitScan.Result result;
    try (master) {
      result = new UnitScan(master, request).run(units.ids(), bar(err, master.describe()));
    }
    if (result.lost() != null) {
      if (drawing) {
        err.println(); // end the bar's line
      }
      err.println("edge-agent: " + result.lost().message());
      return ExitCodes.DEVICE_FAULT;
    }
    String what =
        "units "
            + units.text()
            + ", "
            + table().id().replace('-', ' ')
            + " "
            + register
            + ", function "
            + function;
    if (result.found().isEmpty()) {
      err.printf(
          "edge-agent: no unit answered on %s (%s, timeout %s); check the wiring, the address,"
              + " baud rate and parity%n",
          master.describe(), what, Durations.format(timeout));
      return ExitCodes.DEVICE_FAULT;
    }
    for (UnitScan.Found f : result.found()) {
      out.println("unit " + f.unitId() + ": " + f.answer());
    }
    out.printf("%d unit(s) answered on %s (%s)%n", result.found().size(), master.describe(), what);
    return ExitCodes.OK;
  }

  private ModbusRequest request() {
    if (register < 0 || register > 0xFFFF) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--register is 0..65535, not " + register);
    }
    return ModbusRequest.read(table(), register, 1);
  }

  private ModbusTable table() {
    return Arrays.stream(ModbusTable.values())
        .filter(t -> t.readFunction() == function)
        .findFirst()
        .orElseThrow(
            () ->
                new CommandLine.ParameterException(
                    spec.commandLine(), "--function is 3, 4, 1 or 2, not " + function));
  }

  /** A carriage-return updated bar on stderr, or nothing. */
  private IntConsumer bar(PrintWriter err, String where) {
    drawing = progress != null ? progress : System.console() != null;
    if (!drawing) {
      return done -> {};
    }
    int total = units.ids().size();
    return done -> {
      int filled = done * BAR / total;
      err.printf(
          "\rscanning %s [%s%s] %d/%d",
          where, "#".repeat(filled), ".".repeat(BAR - filled), done, total);
      if (done == total) {
        err.println();
      }
      err.flush();
    };
  }

  /** {@code --parity N|E|O}. */
  static final class ParityConverter implements CommandLine.ITypeConverter<Parity> {
    @Override
    public Parity convert(String value) {
      return Parity.byCode(value.toUpperCase(Locale.ROOT))
          .orElseThrow(
              () -> new CommandLine.TypeConversionException("parity is N, E or O, not " + value));
    }
  }
}
