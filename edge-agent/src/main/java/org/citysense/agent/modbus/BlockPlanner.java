package org.citysense.agent.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.citysense.profiles.model.ModbusTable;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;

/**
 * Coalesces the points of one device into as few Modbus requests as the protocol allows: points of
 * one table whose addresses are contiguous (or separated by at most {@code maxGap} unused ones)
 * share a block of at most 125 registers or 2000 bits. Transport-free; both Modbus drivers use it.
 */
public final class BlockPlanner {
  public static final int MAX_REGISTERS = 125;
  public static final int MAX_BITS = 2000;

  private final int maxGap;

  /**
   * @param maxGap unused addresses a block may span to join two points; 0 for strictly contiguous
   */
  public BlockPlanner(int maxGap) {
    this.maxGap = maxGap;
  }

  public List<Block> plan(List<Point> points) {
    List<Block> blocks = new ArrayList<>();
    for (ModbusTable table : ModbusTable.values()) {
      List<Point> inTable =
          points.stream()
              .filter(p -> p.source() instanceof Source.Modbus m && m.table() == table)
              .sorted(Comparator.comparingInt(p -> ((Source.Modbus) p.source()).address()))
              .toList();
      int limit = table.isBitTable() ? MAX_BITS : MAX_REGISTERS;
      List<Point> current = new ArrayList<>();
      int start = 0;
      int end = 0;
      for (Point p : inTable) {
        Source.Modbus m = (Source.Modbus) p.source();
        int pointEnd = m.address() + m.count();
        boolean joins =
            !current.isEmpty()
                && m.address() <= end + maxGap
                && Math.max(end, pointEnd) - start <= limit;
        if (!joins && !current.isEmpty()) {
          blocks.add(new Block(table, start, end - start, current));
          current = new ArrayList<>();
        }
        if (current.isEmpty()) {
          start = m.address();
          end = pointEnd;
        }
        current.add(p);
        end = Math.max(end, pointEnd);
      }
      if (!current.isEmpty()) {
        blocks.add(new Block(table, start, end - start, current));
      }
    }
    return blocks;
  }

  /** The registers of {@code point} cut out of a block read. */
  public static int[] slice(Block block, Point point, int[] words) {
    Source.Modbus m = (Source.Modbus) point.source();
    int[] out = new int[m.count()];
    System.arraycopy(words, m.address() - block.start(), out, 0, out.length);
    return out;
  }

  /** The bit of {@code point} out of a block read of bits. */
  public static boolean bit(Block block, Point point, boolean[] bits) {
    return bits[((Source.Modbus) point.source()).address() - block.start()];
  }
}
