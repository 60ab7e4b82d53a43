package org.citysense.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.PointResult;
import org.citysense.agent.modbustcp.ModbusTcpDriver;
import org.citysense.agent.modbustcp.TcpLoops;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;

/**
 * Sequential Modbus TCP transactions through the agent's driver: one holding register (the PM2.5 of
 * a pm25-rs485 device, address 4), one request at a time, as the libmodbus and pymodbus peers in
 * bench/modbus do against the same server.
 *
 * <p>usage: ModbusTransactionsBench HOST PORT UNIT N
 */
public final class ModbusTransactionsBench {
  private ModbusTransactionsBench() {}

  public static void main(String[] args) {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int unit = Integer.parseInt(args[2]);
    int n = Integer.parseInt(args[3]);
    DeviceProfile profile = ProfileCatalog.bundled().find("pm25-rs485").orElseThrow();
    Point pm25 = profile.point("pm2_5").orElseThrow();
    DeviceInstance device =
        new DeviceInstance(
            "bench",
            profile.id(),
            new Transport.ModbusTcp(host, port, unit),
            null,
            null,
            null,
            null,
            Map.of(),
            Map.of());
    try (TcpLoops loops = new TcpLoops();
        ModbusTcpDriver driver =
            new ModbusTcpDriver(loops, host, port, 1, DriverSettings.DEFAULT)) {
      read(driver, device, pm25, 2000); // warm up: connection, JIT
      long start = System.nanoTime();
      read(driver, device, pm25, n);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("transactions=%d seconds=%.3f per_second=%.0f%n", n, seconds, n / seconds);
    }
  }

  private static void read(ModbusTcpDriver driver, DeviceInstance device, Point point, int n) {
    for (int i = 0; i < n; i++) {
      List<PointResult> r = driver.read(device, List.of(point));
      if (!r.get(0).isOk()) {
        throw new IllegalStateException("read " + i + " failed at " + Instant.now() + ": " + r);
      }
    }
  }
}
