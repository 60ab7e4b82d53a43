package org.citysense.agent.modbustcp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The event loops every Modbus TCP endpoint of the agent shares: a connection costs a channel on
 * one of these threads, not a thread of its own, so the agent's threads grow with its buses and not
 * with its devices. Daemon threads: a forgotten close never keeps the agent's JVM alive.
 */
public final class TcpLoops implements AutoCloseable {
  /** One thread carries hundreds of endpoints' few small frames per second. */
  public static final int DEFAULT_THREADS = 1;

  private final EventLoopGroup group;

  public TcpLoops() {
    this(DEFAULT_THREADS);
  }

  public TcpLoops(int threads) {
    DefaultThreadFactory named = new DefaultThreadFactory("agent-modbus-tcp", true);
    this.group =
        Epoll.isAvailable()
            ? new EpollEventLoopGroup(threads, named)
            : new NioEventLoopGroup(threads, named);
  }

  EventLoopGroup group() {
    return group;
  }

  Class<? extends SocketChannel> channelType() {
    return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
