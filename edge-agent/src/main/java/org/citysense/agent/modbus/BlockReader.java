package org.citysense.agent.modbus;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.PointResult;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a device's points in as few requests as {@link BlockPlanner} allows, each block with
 * retries, and cuts every point's raw registers or bit out of its block. Both Modbus drivers use
 * it; what carries a block read is theirs.
 */
public final class BlockReader {
  private static final Logger LOG = LoggerFactory.getLogger(BlockReader.class);

  /** Puts one block read on the wire; device problems come back as failed replies. */
  @FunctionalInterface
  public interface Transport {
    Reply read(int unitId, Block block);
  }

  private final BlockPlanner planner;
  private final Retry retry;
  private final Transport transport;

  public BlockReader(DriverSettings settings, Transport transport) {
    this.planner = new BlockPlanner(settings.maxGap());
    this.retry = new Retry(settings);
    this.transport = transport;
  }

  /** One result per point, in the order of {@code points}. */
  public List<PointResult> read(String deviceId, int unitId, List<Point> points) {
    Map<Point, PointResult> results = new IdentityHashMap<>();
    Failure unreachable = null;
    for (Block block : planner.plan(points)) {
      // once a device stayed silent or its line is gone, its other blocks would only wait too
      Reply reply =
          unreachable != null
              ? Reply.failed(unreachable)
              : retry.run(() -> transport.read(unitId, block));
      if (!reply.isOk()) {
        LOG.debug(
            "cannot read block [device: {}, table: {}, start: {}, count: {}]: {}",
            deviceId,
            block.table(),
            block.start(),
            block.count(),
            reply.failure());
        if (isUnreachable(reply.failure())) {
          unreachable = reply.failure();
        }
      }
      for (Point point : block.points()) {
        results.put(point, result(block, point, reply));
      }
    }
    return points.stream()
        .map(p -> results.getOrDefault(p, PointResult.failed(p, notModbus(p))))
        .toList();
  }

  private static PointResult result(Block block, Point point, Reply reply) {
    if (!reply.isOk()) {
      return PointResult.failed(point, reply.failure());
    }
    boolean bits = block.table().isBitTable();
    int got = bits ? reply.bits().length : reply.words().length;
    if (got < block.count()) {
      return PointResult.failed(
          point,
          Failure.of(
              Failure.Kind.MALFORMED,
              "the answer holds " + got + " of the " + block.count() + " values asked for"));
    }
    RawValue raw =
        bits
            ? new RawValue.Bit(BlockPlanner.bit(block, point, reply.bits()))
            : new RawValue.Registers(BlockPlanner.slice(block, point, reply.words()));
    return PointResult.ok(point, raw);
  }

  private static boolean isUnreachable(Failure failure) {
    return failure.kind() == Failure.Kind.TIMEOUT || failure.kind() == Failure.Kind.DISCONNECTED;
  }

  private static Failure notModbus(Point point) {
    return Failure.of(Failure.Kind.MALFORMED, "point " + point.name() + " has no Modbus source");
  }
}
