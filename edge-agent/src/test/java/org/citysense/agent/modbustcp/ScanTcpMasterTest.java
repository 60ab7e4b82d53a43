package org.citysense.agent.modbustcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.profiles.model.ModbusTable;
import org.junit.jupiter.api.Test;

/**
 * The scan's raw Modbus TCP master against a scripted peer that plays the server frame by frame: a
 * late answer to an earlier request is skipped, an exception keeps its code.
 */
class ScanTcpMasterTest {
  private static final ModbusRequest READ = ModbusRequest.read(ModbusTable.HOLDING_REGISTER, 0, 1);

  /** Reads one request and answers first {@code stale} (with the previous id), then {@code pdu}. */
  private static CompletableFuture<byte[]> peer(ServerSocket server, byte[] stale, byte[] pdu) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            byte[] request = in.readNBytes(12);
            OutputStream out = s.getOutputStream();
            if (stale != null) {
              out.write(frame(request[0], (byte) (request[1] - 1), request[6], stale));
            }
            out.write(frame(request[0], request[1], request[6], pdu));
            out.flush();
            in.read(); // until the master closes
            return request;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static byte[] frame(byte idHigh, byte idLow, byte unit, byte[] pdu) {
    byte[] f = new byte[7 + pdu.length];
    f[0] = idHigh;
    f[1] = idLow;
    f[5] = (byte) (pdu.length + 1);
    f[6] = unit;
    System.arraycopy(pdu, 0, f, 7, pdu.length);
    return f;
  }

  @Test
  void aLateAnswerToAnEarlierRequestIsSkipped() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> peer =
          peer(server, new byte[] {3, 2, 0x11, 0x11}, new byte[] {3, 2, 0x00, 0x42});
      Reply reply;
      try (TcpMaster master =
          TcpMaster.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(30))) {
        reply = master.transact(7, READ);
      }
      assertThat(reply.isOk()).as("%s", reply.failure()).isTrue();
      assertThat(reply.words()).containsExactly(0x42);
      byte[] request = peer.join();
      assertThat(request[6]).as("unit id in the MBAP header").isEqualTo((byte) 7);
      assertThat(request[7]).as("function").isEqualTo((byte) 3);
    }
  }

  @Test
  void anExceptionKeepsItsCode() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      peer(server, null, new byte[] {(byte) 0x83, 0x0B});
      Reply reply;
      try (TcpMaster master =
          TcpMaster.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(30))) {
        reply = master.transact(9, READ);
      }
      assertThat(reply.failure().kind()).isEqualTo(Failure.Kind.EXCEPTION);
      assertThat(reply.failure().code()).isEqualTo(0x0B);
    }
  }
}
