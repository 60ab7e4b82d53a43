package org.citysense.agent.modbustcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.ModbusMaster;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.modbus.Mbap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP master for one endpoint (host:port) on Netty: one connection that every unit id
 * behind the endpoint shares, the unit id in each request's MBAP header. A serial server in front
 * of an RS-485 line accepts only a few connections and serializes onto its line anyway, so by
 * default one request is in flight at a time; a native Modbus TCP device may take more. Answers are
 * matched by transaction id; one with an unknown transaction id (a late answer to a request that
 * timed out) or another unit id than asked is discarded and counted. A dropped connection is opened
 * again on the next request, after a backoff while the endpoint keeps refusing; the requests
 * meanwhile fail at once as DISCONNECTED instead of waiting, and the bus goes on.
 */
public final class NettyTcpMaster implements ModbusMaster {
  private static final Logger LOG = LoggerFactory.getLogger(NettyTcpMaster.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final TcpLoops loops;
  private final String host;
  private final int port;
  private final Duration timeout;
  private final Semaphore inFlight;
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong discarded = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final Object connecting = new Object();
  private volatile Channel channel;
  private long nextAttemptAt;
  private long backoffMs = FIRST_BACKOFF_MS;
  private String lastRefusal;
  private int transaction;
  private volatile boolean closed;

  /** An answer awaited: the unit asked and where the answer's PDU goes. */
  private record Pending(int unitId, CompletableFuture<byte[]> answer) {}

  /**
   * @param maxInFlight requests on the wire at once (1 for a serial server)
   */
  public NettyTcpMaster(TcpLoops loops, String host, int port, Duration timeout, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("at least one request in flight, not " + maxInFlight);
    }
    this.loops = loops;
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.inFlight = new Semaphore(maxInFlight, true);
  }

  @Override
  public Reply transact(int unitId, ModbusRequest request) {
    if (closed) {
      return Reply.failed(Failure.Kind.DISCONNECTED, describe() + " is closed");
    }
    try {
      if (!inFlight.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return timedOut(unitId);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(Failure.Kind.DISCONNECTED, "interrupted before asking " + where(unitId));
    }
    try {
      return send(unitId, request);
    } finally {
      inFlight.release();
    }
  }

  private Reply send(int unitId, ModbusRequest request) {
    Channel ch;
    try {
      ch = connected();
    } catch (Unreachable e) {
      return Reply.failed(Failure.Kind.DISCONNECTED, e.getMessage());
    }
    int id;
    CompletableFuture<byte[]> answer = new CompletableFuture<>();
    synchronized (pending) {
      do {
        transaction = (transaction + 1) & 0xFFFF;
      } while (pending.containsKey(transaction));
      id = transaction;
      pending.put(id, new Pending(unitId, answer));
    }
    ByteBuf frame = Unpooled.wrappedBuffer(Mbap.frame(id, unitId, request.pdu()));
    requests.incrementAndGet();
    ch.writeAndFlush(frame)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
              }
            });
    try {
      return request.parse(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return timedOut(unitId);
    } catch (ExecutionException e) {
      return Reply.failed(
          Failure.Kind.DISCONNECTED,
          "connection to " + describe() + " lost asking unit " + unitId + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(Failure.Kind.DISCONNECTED, "interrupted while asking " + where(unitId));
    } finally {
      pending.remove(id);
    }
  }

  /** The open connection, opening one if there is none and the backoff allows. */
  private Channel connected() throws Unreachable {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      return ch;
    }
    synchronized (connecting) {
      ch = channel;
      if (ch != null && ch.isActive()) {
        return ch;
      }
      long now = System.nanoTime() / 1_000_000;
      if (lastRefusal != null && now < nextAttemptAt) {
        throw new Unreachable(lastRefusal + "; trying again in " + (nextAttemptAt - now) + " ms");
      }
      ChannelFuture f = bootstrap().connect(host, port);
      if (!f.awaitUninterruptibly(timeout.toMillis() + 1_000) || !f.isSuccess()) {
        f.channel().close();
        String why =
            f.cause() == null
                ? "no answer within " + timeout.toMillis() + " ms"
                : reason(f.cause());
        lastRefusal = "cannot connect to " + describe() + ": " + why;
        nextAttemptAt = now + backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        throw new Unreachable(lastRefusal);
      }
      if (lastRefusal != null) {
        LOG.info("connected again [endpoint: {}]", describe());
      }
      lastRefusal = null;
      backoffMs = FIRST_BACKOFF_MS;
      connects.incrementAndGet();
      channel = f.channel();
      return channel;
    }
  }

  private Bootstrap bootstrap() {
    return new Bootstrap()
        .group(loops.group())
        .channel(loops.channelType())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(MbapAnswer.frameDecoder()).addLast(new Answers());
              }
            });
  }

  /** Hands each answer to the request it belongs to; discards and counts any other. */
  private final class Answers extends SimpleChannelInboundHandler<ByteBuf> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      MbapAnswer a = MbapAnswer.read(frame).orElse(null);
      int id = a == null ? -1 : a.transaction();
      int unitId = a == null ? -1 : a.unitId();
      Pending p = a == null ? null : pending.get(id);
      if (a == null || a.protocol() != 0 || p == null || p.unitId() != unitId) {
        long n = discarded.incrementAndGet();
        if (Long.bitCount(n) == 1) {
          LOG.warn(
              "discarded an answer that matches no request [endpoint: {}, unit: {}, transaction:"
                  + " {}, discarded so far: {}]",
              describe(),
              unitId,
              id,
              n);
        }
        return;
      }
      p.answer().complete(a.pdu());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      failAll(new IllegalStateException("closed by the peer"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // a frame that is not Modbus TCP leaves the stream out of step: start afresh
      LOG.debug("closing the connection [endpoint: {}]: {}", describe(), cause.toString());
      failAll(cause);
      ctx.close();
    }
  }

  private void failAll(Throwable why) {
    pending.values().forEach(p -> p.answer().completeExceptionally(why));
  }

  private Reply timedOut(int unitId) {
    return Reply.failed(
        Failure.Kind.TIMEOUT,
        "no answer from " + where(unitId) + " within " + timeout.toMillis() + " ms");
  }

  private String where(int unitId) {
    return "unit " + unitId + " at " + describe();
  }

  private static String reason(Throwable t) {
    Throwable cause = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public String describe() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Requests put on the wire so far. */
  public long requests() {
    return requests.get();
  }

  /** Answers discarded: an unknown transaction id, another unit id, another protocol. */
  public long discarded() {
    return discarded.get();
  }

  /** Connections opened so far. */
  public long connects() {
    return connects.get();
  }

  @Override
  public void close() {
    closed = true;
    Channel ch = channel;
    if (ch != null) {
      ch.close().awaitUninterruptibly(1_000);
    }
  }

  /** The endpoint cannot be reached now; the message says why and when it is tried again. */
  private static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message, null, false, false);
    }
  }
}
