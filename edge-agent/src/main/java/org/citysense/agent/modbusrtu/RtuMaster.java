package org.citysense.agent.modbusrtu;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.modbus.ModbusMaster;
import org.citysense.agent.modbus.ModbusRequest;
import org.citysense.agent.modbus.Reply;
import org.citysense.agent.modbus.RtuFrame;
import org.citysense.profiles.device.SerialSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master end of one RS-485 line, one transaction at a time: keep the 3.5-character silent
 * interval, drop stale input, send the frame, read the answer until the length its header announces
 * or the timeout, check it. Opens the port on first use and again after it failed; a port that
 * cannot be opened is a DISCONNECTED reply naming it, never an exception.
 */
public final class RtuMaster implements ModbusMaster {
  private static final Logger LOG = LoggerFactory.getLogger(RtuMaster.class);

  private final SerialLine.Opener opener;
  private final String port;
  private final long silentNanos;
  private final long timeoutNanos;
  private final AtomicLong requests = new AtomicLong();
  private SerialLine line;
  private long lastTraffic = System.nanoTime();
  private boolean openFailing;

  /**
   * @param port the port's path, for messages
   * @param silentInterval the gap the line needs between frames
   * @param timeout how long to wait for an answer to finish arriving
   */
  RtuMaster(SerialLine.Opener opener, String port, Duration silentInterval, Duration timeout) {
    this.opener = opener;
    this.port = port;
    this.silentNanos = silentInterval.toNanos();
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * The master of the line on {@code port}, through jSerialComm; the port is opened on the first
   * request, and a port that cannot be opened is a DISCONNECTED reply naming it.
   */
  public static RtuMaster onPort(String port, SerialSettings serial, Duration timeout) {
    return new RtuMaster(
        () -> JSerialCommLine.open(port, serial),
        port + " (" + serial + ")",
        RtuFrame.silentInterval(serial),
        timeout);
  }

  /** Sends {@code request} to {@code unitId} and returns what came back. */
  @Override
  public Reply transact(int unitId, ModbusRequest request) {
    if (line == null) {
      Reply failed = open();
      if (failed != null) {
        return failed;
      }
    }
    try {
      awaitSilence();
      line.discardInput();
      line.write(RtuFrame.encode(unitId, request.pdu()));
      requests.incrementAndGet();
      lastTraffic = System.nanoTime();
      return receive(unitId, request);
    } catch (IOException e) {
      LOG.warn(
          "serial port failed, reopening it for the next request [port: {}]: {}",
          port,
          e.getMessage());
      closeLine();
      return Reply.failed(Failure.Kind.DISCONNECTED, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.failed(Failure.Kind.TIMEOUT, "interrupted before an answer from " + port);
    }
  }

  /** Frames written since start. */
  long requests() {
    return requests.get();
  }

  @Override
  public String describe() {
    return port;
  }

  @Override
  public void close() {
    closeLine();
  }

  private Reply receive(int unitId, ModbusRequest request) throws IOException {
    byte[] buffer = new byte[RtuFrame.MAX_ANSWER];
    int received = 0;
    int length = RtuFrame.NOT_YET_KNOWN;
    long deadline = System.nanoTime() + timeoutNanos;
    while (received < buffer.length && System.nanoTime() - deadline < 0) {
      // never read past the frame: whatever follows belongs to no answer of ours
      int wanted =
          length > 0
              ? length - received
              : length == RtuFrame.UNEXPECTED ? buffer.length - received : 3 - received;
      int read = line.read(buffer, received, wanted);
      if (read == 0) {
        if (length == RtuFrame.UNEXPECTED) {
          break; // the garbage ended
        }
        continue;
      }
      received += read;
      lastTraffic = System.nanoTime();
      if (length == RtuFrame.NOT_YET_KNOWN) {
        length = RtuFrame.answerLength(request, buffer, received);
      }
      if (length > 0 && received >= length) {
        return RtuFrame.decode(unitId, request, buffer, length);
      }
    }
    if (received == 0) {
      return Reply.failed(
          Failure.Kind.TIMEOUT,
          "no answer from unit "
              + unitId
              + " on "
              + port
              + " within "
              + timeoutNanos / 1_000_000
              + " ms");
    }
    String what = length == RtuFrame.UNEXPECTED ? "unexpected answer" : "truncated answer";
    return Reply.failed(
        Failure.Kind.MALFORMED,
        what + " from unit " + unitId + " to " + request + ": " + RtuFrame.hex(buffer, received));
  }

  private void awaitSilence() throws InterruptedException {
    long wait = lastTraffic + silentNanos - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /** Opens the line; returns the failed reply when it cannot, logging once per outage. */
  private Reply open() {
    try {
      line = opener.open();
    } catch (IOException e) {
      if (!openFailing) {
        LOG.warn(
            "cannot open serial port, trying again on each request [port: {}]: {}",
            port,
            e.getMessage());
      }
      openFailing = true;
      return Reply.failed(Failure.Kind.DISCONNECTED, e.getMessage());
    }
    if (openFailing) {
      LOG.info("serial port open again [port: {}]", port);
    }
    openFailing = false;
    lastTraffic = System.nanoTime();
    return null;
  }

  private void closeLine() {
    if (line != null) {
      line.close();
      line = null;
    }
  }
}
