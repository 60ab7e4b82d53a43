package org.citysense.agent.modbustcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.ModbusMaster;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.modbus.Mbap;

/**
 * A minimal blocking Modbus TCP master on one socket, for the installer's scan, which asks unit ids
 * one after another and wants nothing running afterwards. The unit id travels in each request's
 * MBAP header, so one connection reaches every unit behind a serial server. An answer with another
 * transaction id (a late answer to an earlier request) is skipped. Polling uses {@link
 * NettyTcpMaster}.
 */
public final class TcpMaster implements ModbusMaster {
  private static final int MBAP = Mbap.HEADER;
  private static final int MAX_PDU = Mbap.MAX_FRAME - Mbap.HEADER;

  private final String host;
  private final int port;
  private final Duration timeout;
  private Socket socket;
  private int transaction;

  private TcpMaster(String host, int port, Duration timeout) {
    this.host = host;
    this.port = port;
    this.timeout = timeout;
  }

  /**
   * Connects to {@code host:port}, waiting at most {@code timeout} for the connection and for each
   * answer.
   *
   * @throws IOException naming the endpoint when it cannot be reached
   */
  public static TcpMaster connect(String host, int port, Duration timeout) throws IOException {
    TcpMaster master = new TcpMaster(host, port, timeout);
    master.open();
    return master;
  }

  @Override
  public Reply transact(int unitId, ModbusRequest request) {
    if (socket == null) {
      try {
        open();
      } catch (IOException e) {
        return Reply.failed(Failure.Kind.DISCONNECTED, e.getMessage());
      }
    }
    transaction = (transaction + 1) & 0xFFFF;
    byte[] frame = Mbap.frame(transaction, unitId, request.pdu());
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      socket.getOutputStream().write(frame);
      while (true) {
        byte[] header = new byte[MBAP];
        int got = read(header, deadline);
        if (got == 0) {
          return Reply.failed(
              Failure.Kind.TIMEOUT,
              "no answer from unit "
                  + unitId
                  + " at "
                  + describe()
                  + " within "
                  + timeout.toMillis()
                  + " ms");
        }
        int length = (header[4] & 0xFF) << 8 | header[5] & 0xFF;
        if (got < MBAP || header[2] != 0 || header[3] != 0 || length < 2 || length > MAX_PDU + 1) {
          return lost(Failure.Kind.MALFORMED, "an answer that is not Modbus TCP");
        }
        byte[] answer = new byte[length - 1];
        if (read(answer, deadline) < answer.length) {
          return lost(Failure.Kind.MALFORMED, "a truncated answer from unit " + unitId);
        }
        int id = (header[0] & 0xFF) << 8 | header[1] & 0xFF;
        if (id == transaction && (header[6] & 0xFF) == unitId) {
          return request.parse(answer);
        }
      }
    } catch (IOException e) {
      return lost(Failure.Kind.DISCONNECTED, "connection to " + describe() + " lost: " + e);
    }
  }

  @Override
  public String describe() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }

  private void open() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      s.setTcpNoDelay(true);
    } catch (IOException e) {
      s.close();
      throw new IOException("cannot connect to " + describe() + ": " + e.getMessage(), e);
    }
    socket = s;
  }

  /** Reads until {@code into} is full or the deadline passed; returns the bytes read. */
  private int read(byte[] into, long deadline) throws IOException {
    InputStream in = socket.getInputStream();
    int got = 0;
    while (got < into.length) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return got;
      }
      socket.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(into, got, into.length - got);
      } catch (SocketTimeoutException e) {
        return got;
      }
      if (n < 0) {
        throw new IOException("closed by the peer");
      }
      got += n;
    }
    return got;
  }

  /** The stream may be out of step now: the next request connects afresh. */
  private Reply lost(Failure.Kind kind, String message) {
    close();
    return Reply.failed(kind, message);
  }
}
