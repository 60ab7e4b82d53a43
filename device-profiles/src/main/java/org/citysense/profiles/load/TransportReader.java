package org.citysense.profiles.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.citysense.profiles.device.SerialSettings;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.DeviceProfile;

/**
 * How a device instance is reached: the one transport block of a device ({@code modbus-tcp}, {@code
 * modbus-rtu}, {@code serial}, {@code mqtt}, {@code coap}, {@code opcua}), its fields checked and
 * defaulted, and its protocol family matched against the device's profile.
 */
final class TransportReader {
  private TransportReader() {}

  static Optional<Transport> read(YamlMap m, String kind, Optional<DeviceProfile> profile) {
    SerialSettings serialDefaults =
        profile.map(DeviceProfile::serial).orElse(SerialSettings.MODBUS_DEFAULT);
    Optional<Transport> transport =
        m.map(kind, true)
            .flatMap(
                t ->
                    switch (kind) {
                      case "modbus-tcp" -> {
                        t.allowOnly(List.of("host", "port", "unitId", "inFlight"));
                        Optional<String> host = t.string("host", true);
                        long port = t.integer("port", false, 1, 65_535).orElse(502L);
                        long unit = t.integer("unitId", false, 1, 247).orElse(1L);
                        long inFlight =
                            t.integer("inFlight", false, 1, Transport.ModbusTcp.MAX_IN_FLIGHT)
                                .orElse((long) Transport.ModbusTcp.DEFAULT_IN_FLIGHT);
                        yield host.map(
                            h ->
                                new Transport.ModbusTcp(h, (int) port, (int) unit, (int) inFlight));
                      }
                      case "modbus-rtu" -> {
                        List<String> allowed = new ArrayList<>(List.of("port", "unitId"));
                        allowed.addAll(SerialReader.FIELDS);
                        t.allowOnly(allowed);
                        Optional<String> port = t.string("port", true);
                        Optional<Long> unit = t.integer("unitId", true, 1, 247);
                        SerialSettings serial = SerialReader.readFields(t, serialDefaults);
                        yield port.flatMap(
                            p -> unit.map(u -> new Transport.ModbusRtu(p, u.intValue(), serial)));
                      }
                      case "serial" -> {
                        List<String> allowed = new ArrayList<>(List.of("port"));
                        allowed.addAll(SerialReader.FIELDS);
                        t.allowOnly(allowed);
                        Optional<String> port = t.string("port", true);
                        SerialSettings serial = SerialReader.readFields(t, serialDefaults);
                        yield port.map(p -> new Transport.SerialLine(p, serial));
                      }
                      case "mqtt" -> {
                        t.allowOnly(List.of("broker"));
                        yield Optional.of(
                            new Transport.Mqtt(t.string("broker", false).orElse(null)));
                      }
                      case "opcua" -> {
                        t.allowOnly(List.of("endpoint"));
                        yield t.string(
                                "endpoint",
                                true,
                                Transport.OpcUa.URL,
                                "an endpoint URL such as opc.tcp://10.0.0.7:4840/pumps")
                            .map(Transport.OpcUa::new);
                      }
                      default -> {
                        t.allowOnly(List.of("host", "port"));
                        Optional<String> host = t.string("host", true);
                        long port =
                            t.integer("port", false, 1, 65_535)
                                .orElse((long) Transport.Coap.DEFAULT_PORT);
                        yield host.map(h -> new Transport.Coap(h, (int) port));
                      }
                    });
    if (transport.isPresent()
        && profile.isPresent()
        && transport.get().family() != profile.get().family()) {
      m.error(
          kind,
          "profile "
              + profile.get().id()
              + " is a "
              + profile.get().family()
              + " device; it cannot be reached over "
              + kind);
      return Optional.empty();
    }
    return transport;
  }
}
