package org.citysense.sim.modbus;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.modbus.Mbap;
import org.citysense.sim.SimTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP server on Netty: MBAP framing around {@link ModbusSlave}. Several unit ids behind
 * one port, as behind a serial server; unknown units get exception 0x0B. Many connections at once,
 * or as few as a serial server takes ({@link #limitConnections}): one past the limit is closed as
 * soon as it is accepted, as such converters do. Like a native Modbus TCP device it answers
 * requests that come before the answer to an earlier one, each after its device's delay, and counts
 * how many one connection had outstanding at once ({@link #mostOutstanding}).
 */
public final class ModbusTcpServer implements SimTransport {
  private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpServer.class);

  private final String host;
  private final int port;
  private final ModbusSlave slave;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostOpen = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicInteger mostOutstanding = new AtomicInteger();
  private volatile int maxConnections = Integer.MAX_VALUE;
  private NioEventLoopGroup group;
  private Channel channel;

  /**
   * @param port the port to listen on; 0 for any free one (see {@link #boundPort()})
   */
  public ModbusTcpServer(String host, int port, ModbusSlave slave) {
    this.host = host;
    this.port = port;
    this.slave = slave;
  }

  public ModbusSlave slave() {
    return slave;
  }

  /** Takes at most {@code max} connections at once, like a serial server with few slots. */
  public ModbusTcpServer limitConnections(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one connection, not " + max);
    }
    this.maxConnections = max;
    return this;
  }

  /** Connections open now. */
  public int openConnections() {
    return open.get();
  }

  /** The most connections that were open at once. */
  public int mostOpenConnections() {
    return mostOpen.get();
  }

  /** Connections closed at once for being past the limit. */
  public long refusedConnections() {
    return refused.get();
  }

  /**
   * The most requests one connection had received and not yet answered at once: 1 from a master
   * that waits for each answer, more from one that pipelines. Requests never answered (a silent
   * device) are not counted.
   */
  public int mostOutstanding() {
    return mostOutstanding.get();
  }

  @Override
  public void start() throws Exception {
    group = new NioEventLoopGroup(2, new DefaultThreadFactory("modbus-tcp-" + port, true));
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (open.incrementAndGet() > maxConnections) {
                      open.decrementAndGet();
                      refused.incrementAndGet();
                      ch.close();
                      return;
                    }
                    mostOpen.accumulateAndGet(open.get(), Math::max);
                    ch.closeFuture().addListener(f -> open.decrementAndGet());
                    ch.pipeline()
                        .addLast(
                            new LengthFieldBasedFrameDecoder(Mbap.MAX_FRAME, Mbap.LENGTH_OFFSET, 2))
                        .addLast(new MbapHandler());
                  }
                });
    try {
      channel = bootstrap.bind(host, port).sync().channel();
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "cannot listen for Modbus TCP on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
  }

  /** The port actually bound, useful when started on port 0. */
  public int boundPort() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public String describe() {
    return "modbus-tcp "
        + host
        + ":"
        + (channel == null ? port : boundPort())
        + " units "
        + new TreeSet<>(slave.units().keySet());
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  /** One MBAP frame in: transaction id, protocol id 0, length, unit id, PDU. */
  private final class MbapHandler extends SimpleChannelInboundHandler<ByteBuf> {
    /** This connection's requests awaiting their answer; touched on its event loop only. */
    private int outstanding;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      if (frame.readableBytes() < 8) {
        return; // an MBAP header and a function code at least; a real device drops the rest
      }
      int transaction = frame.readUnsignedShort();
      int protocol = frame.readUnsignedShort();
      frame.skipBytes(2);
      int unit = frame.readUnsignedByte();
      if (protocol != 0) {
        return;
      }
      byte[] pdu = new byte[frame.readableBytes()];
      frame.readBytes(pdu);
      Answer answer = slave.handle(unit, pdu);
      if (answer.isSilent()) {
        return;
      }
      mostOutstanding.accumulateAndGet(++outstanding, Math::max);
      Runnable reply =
          () -> {
            outstanding--;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Mbap.frame(transaction, unit, answer.pdu())));
          };
      if (answer.delay().isZero()) {
        reply.run();
      } else {
        ctx.executor().schedule(reply, answer.delay().toMillis(), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.debug(
          "closing Modbus TCP connection [remote: {}]: {}",
          ctx.channel().remoteAddress(),
          cause.toString());
      ctx.close();
    }
  }
}
