package org.citysense.cloud.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.citysense.cloud.db.Transactions;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Location;
import org.citysense.profiles.load.DeviceReader;
import org.jboss.logging.Logger;

/**
 * Registers a whole community's devices from a device-instance file (the same file format the agent
 * and the simulator read) as devices of one gateway: all of them, or none.
 */
public final class BulkImport {
  private static final Logger LOG = Logger.getLogger(BulkImport.class);

  /** The repository's field names, as the device file spells them. */
  private static final Map<String, String> FILE_FIELDS =
      Map.of(
          "stationId", "station",
          "householdId", "household",
          "unitId", "unit",
          "lat", "location.lat",
          "lon", "location.lon",
          "place", "location.place");

  private final Transactions db;
  private final DeviceReader reader;
  private final DeviceRepository devices;

  public BulkImport(DataSource dataSource, DeviceReader reader, DeviceRepository devices) {
    this.db = new Transactions(dataSource);
    this.reader = reader;
    this.devices = devices;
  }

  /**
   * @throws org.citysense.profiles.load.InvalidFileException with every {@code file:line: field:
   *     message} the reader found; nothing is registered
   * @throws FieldException naming {@code devices[i].field} for the first device the registry
   *     refuses (unknown station, id already used, ...); nothing is registered
   */
  public List<Device> importDevices(String gatewayId, String fileName, String text) {
    List<DeviceInstance> instances = reader.parse(fileName, text);
    List<Device> created =
        db.inTransaction(
            "importing " + fileName + " for gateway " + gatewayId,
            c -> {
              List<Device> done = new ArrayList<>();
              for (int i = 0; i < instances.size(); i++) {
                try {
                  done.add(devices.create(c, toDevice(gatewayId, instances.get(i))));
                } catch (FieldException e) {
                  String field = FILE_FIELDS.getOrDefault(e.field(), e.field());
                  throw new FieldException(
                      "devices[" + i + "]." + field, e.reason() + " (" + fileName + ")");
                }
              }
              return done;
            });
    LOG.infof(
        "imported devices [gateway: %s, file: %s, devices: %d]",
        gatewayId, fileName, created.size());
    return created;
  }

  private static Device toDevice(String gatewayId, DeviceInstance d) {
    Location at = d.location();
    return new Device(
        d.id(),
        gatewayId,
        d.profile(),
        d.station(),
        d.household(),
        d.unit(),
        at == null ? null : at.latitude(),
        at == null ? null : at.longitude(),
        at == null ? null : at.place(),
        null);
  }
}
