package org.citysense.agent.opcua;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.messages.PlcReadRequest;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.spi.connection.AbstractPlcConnection;
import org.apache.plc4x.java.spi.connection.ChannelExposingConnection;
import org.apache.plc4x.java.spi.events.CloseConnectionEvent;
import org.citysense.profiles.device.Transport;

/**
 * One PLC4X connection (a secure channel and a session) to an OPC UA server, with what PLC4X 0.13.1
 * lacks around it: a limit on connecting (its {@code connect()} waits without one, forever when the
 * server advertises another host name or never answers), a limit on every request (after the server
 * went away its requests never complete), and the release of the connection's threads when the
 * server ends it (PLC4X stops its timer thread and its transaction pool only when it closes the
 * channel itself, so each lost connection would leave a non-daemon thread behind for good).
 */
final class OpcUaSession {
  /** How long closing may take: PLC4X waits 2 s for its event loop to stop. */
  private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

  /** The paths PLC4X 0.13.1 passes on whole (SecureChannel.URI_PATTERN's transportEndpoint). */
  private static final Pattern PLC4X_PATH = Pattern.compile("[\\w/=]*");

  private final PlcConnection connection;

  private OpcUaSession(PlcConnection connection) {
    this.connection = connection;
  }

  /**
   * Connects on a thread of its own and waits at most {@code limit}.
   *
   * @throws Unreachable when there is no session within the limit, or the server refused one
   * @throws InterruptedException when the caller was interrupted; nothing is left open
   */
  static OpcUaSession open(
      Plc4xOpcUa plc4x, String url, Transport.OpcUa server, Duration timeout, Duration limit)
      throws Unreachable, InterruptedException {
    String endpoint = server.endpoint();
    if (!PLC4X_PATH.matcher(server.path()).matches()) {
      throw new Unreachable(
          "PLC4X cannot connect to "
              + endpoint
              + ": it cuts an endpoint's path at the first character that is not a letter, digit,"
              + " _, / or =, and asks the server for another endpoint");
    }
    reachable(server, timeout);
    PlcConnection connection;
    try {
      connection = plc4x.connection(url);
    } catch (Exception e) {
      throw new Unreachable("PLC4X refused " + url + ": " + reason(e));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread connector =
        new Thread(
            () -> {
              try {
                connection.connect();
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "opcua-connect " + endpoint);
    connector.setDaemon(true);
    connector.start();
    try {
      done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abandon(connector, connection);
      throw new Unreachable(
          "no session with "
              + endpoint
              + " within "
              + limit.toSeconds()
              + " s (the server does not answer, or advertises its endpoint under another host"
              + " name or port than "
              + endpoint
              + ")");
    } catch (ExecutionException e) {
      abandon(connector, connection);
      throw new Unreachable("cannot connect to " + endpoint + ": " + reason(e.getCause()));
    } catch (InterruptedException e) {
      abandon(connector, connection);
      throw e;
    }
    Channel channel = ((ChannelExposingConnection) connection).getChannel();
    channel.pipeline().addFirst("citysense-release-on-close", new ReleaseOnClose());
    if (!channel.isActive()) {
      release(connection);
    }
    return new OpcUaSession(connection);
  }

  /**
   * Whether the server accepts TCP connections at all, asked before PLC4X is: PLC4X prints the
   * stack trace of every refused connect to standard error, past any logger.
   */
  private static void reachable(Transport.OpcUa server, Duration timeout) throws Unreachable {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(server.host(), server.port()),
          (int) Math.max(1, timeout.toMillis()));
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new Unreachable("cannot connect to " + server.endpoint() + ": " + why);
    }
  }

  PlcConnection connection() {
    return connection;
  }

  /**
   * Sends {@code request} straight to the protocol: PLC4X's optimizer rebuilds every read response
   * without the nodes' metadata, where the OPC UA status code is ({@code
   * BaseOptimizer.processReadResponses}), and OPC UA's optimizer only copies the request, so
   * passing it by loses nothing.
   */
  static CompletableFuture<PlcReadResponse> read(PlcConnection connection, PlcReadRequest request) {
    if (connection instanceof AbstractPlcConnection c && c.getProtocol() != null) {
      return c.getProtocol().read(request);
    }
    return request.execute().thenApply(r -> r);
  }

  /** Whether the channel is up and the session was made; false for good once the server left. */
  boolean connected() {
    return connection.isConnected();
  }

  /** The answer of {@code request} within {@code limit}; a late answer is dropped. */
  static <T> T await(CompletableFuture<? extends T> request, Duration limit)
      throws TimeoutException, ExecutionException, InterruptedException {
    try {
      return request.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | InterruptedException e) {
      request.cancel(true);
      throw e;
    }
  }

  /** Closes the session (politely while the server is there) and releases every thread. */
  void close() {
    Thread closer =
        new Thread(
            () -> {
              try {
                connection.close();
              } catch (Exception e) {
                // a connection the server ended has no event loop left to close it with
              }
            },
            "opcua-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(CLOSE_LIMIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(connection);
  }

  /** Stops a connect that did not finish and closes whatever channel it had opened. */
  private static void abandon(Thread connector, PlcConnection connection) {
    connector.interrupt();
    try {
      connector.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(connection);
  }

  /**
   * Closes the connection's channel through its own pipeline, which is what makes PLC4X stop the
   * channel's timer thread and its transaction pool; harmless when done already.
   */
  private static void release(PlcConnection connection) {
    Channel channel = ((ChannelExposingConnection) connection).getChannel();
    if (channel != null && channel.isOpen()) {
      channel.pipeline().fireUserEventTriggered(new CloseConnectionEvent());
      channel.close();
    }
  }

  /** The root cause's message, or its class when it has none. */
  static String reason(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }

  /**
   * When the server ends the connection, does on the channel's event loop, while it still runs,
   * what PLC4X does only when it closes the channel itself.
   */
  private static final class ReleaseOnClose extends ChannelInboundHandlerAdapter {
    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      ctx.pipeline().fireUserEventTriggered(new CloseConnectionEvent());
      ctx.channel().close();
      super.channelInactive(ctx);
    }
  }

  /** No session now; the message says why. */
  static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message, null, false, false);
    }
  }
}
