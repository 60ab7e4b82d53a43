package org.citysense.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 between a client and a server, for tests that take the network away:
 * {@link #cut()} closes every connection and refuses new ones (each is accepted and closed at
 * once), {@link #restore()} lets them through again. With the tap on, it records what each client
 * sent, chunk by chunk, numbered in one order across all connections, so a test can tell which
 * request came first.
 */
public final class TcpRelay implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final boolean tap;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Connection> connections = new ArrayList<>();
  private final AtomicLong arrivals = new AtomicLong();
  private volatile boolean cut;
  private volatile boolean closed;

  /**
   * Listens on a free port of 127.0.0.1 and forwards to {@code targetHost:targetPort}.
   *
   * @param tap whether to record the client's bytes of each connection
   */
  public TcpRelay(String targetHost, int targetPort, boolean tap) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.tap = tap;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "tcp-relay-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** Closes every open connection and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    closeOpen();
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  /** The connections forwarded so far (refused ones are not recorded), oldest first. */
  public List<Connection> connections() {
    synchronized (connections) {
      return List.copyOf(connections);
    }
  }

  /** How many chunks have arrived from clients so far: a mark to compare arrivals with. */
  public long arrivals() {
    return arrivals.get();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeOpen();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeOpen() {
    for (Socket s : open) {
      quietly(s);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        quietly(client);
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      } catch (IOException e) {
        quietly(client);
        quietly(upstream);
        continue;
      }
      Connection connection;
      synchronized (connections) {
        connection = new Connection(connections.size());
        connections.add(connection);
      }
      open.add(client);
      open.add(upstream);
      if (cut) { // cut while connecting
        quietly(client);
        quietly(upstream);
      }
      pump(client, upstream, connection, "up");
      pump(upstream, client, null, "down");
    }
  }

  private void pump(Socket from, Socket to, Connection record, String direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (record != null && tap) {
                    record.add(arrivals.incrementAndGet(), buffer, n);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side went away or the relay cut it
              } finally {
                quietly(from);
                quietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-relay-" + port() + "-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** One forwarded connection: what its client sent, and when each part arrived. */
  public static final class Connection {
    private final int index;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<long[]> chunks = new ArrayList<>(); // {arrival, offset}

    Connection(int index) {
      this.index = index;
    }

    /** 0 for the first connection the relay forwarded. */
    public int index() {
      return index;
    }

    synchronized void add(long arrival, byte[] data, int n) {
      chunks.add(new long[] {arrival, bytes.size()});
      bytes.write(data, 0, n);
    }

    /** Everything the client sent on this connection so far (with the tap on). */
    public synchronized byte[] clientBytes() {
      return bytes.toByteArray();
    }

    /**
     * The arrival number of the chunk holding byte {@code offset} of {@link #clientBytes()}: the
     * order of arrival across every connection of the relay; -1 past the end.
     */
    public synchronized long arrivalOf(int offset) {
      long found = -1;
      for (long[] c : chunks) {
        if (c[1] <= offset) {
          found = c[0];
        } else {
          break;
        }
      }
      return offset < bytes.size() ? found : -1;
    }

    @Override
    public String toString() {
      return "connection " + index;
    }
  }
}
