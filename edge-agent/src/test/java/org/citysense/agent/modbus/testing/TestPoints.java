package org.citysense.agent.modbus.testing;

import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.WordOrder;

/** Bundled profiles, and points moved to other addresses for what no bundled profile has. */
public final class TestPoints {
  private static final ProfileCatalog PROFILES = ProfileCatalog.bundled();

  private TestPoints() {}

  public static DeviceProfile profile(String id) {
    return PROFILES.find(id).orElseThrow();
  }

  public static Point point(String profile, String name) {
    return profile(profile).point(name).orElseThrow();
  }

  /** {@code template} at another place, typed and writable as given. */
  public static Point at(
      Point template,
      String name,
      ModbusTable table,
      int address,
      DataType type,
      WordOrder order,
      boolean writable) {
    return new Point(
        name,
        template.quantity(),
        template.unit(),
        new Source.Modbus(table, address, type, order),
        template.transform(),
        template.range(),
        template.interval(),
        template.alarm(),
        writable);
  }
}
