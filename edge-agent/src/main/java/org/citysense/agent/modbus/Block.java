package org.citysense.agent.modbus;

import java.util.List;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;

/**
 * One Modbus read request: {@code count} registers or bits of {@code table} from {@code start},
 * covering {@code points}.
 */
public record Block(ModbusTable table, int start, int count, List<Point> points) {
  public Block {
    points = List.copyOf(points);
  }

  public int end() {
    return start + count;
  }
}
