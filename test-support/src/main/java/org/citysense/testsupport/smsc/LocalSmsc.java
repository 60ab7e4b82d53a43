package org.citysense.testsupport.smsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

/**
 * An SMSC in this JVM (for tests, benchmarks and the demo), on jSMPP's server API, listening on
 * 127.0.0.1 only (jSMPP's own server socket factory binds every interface; a loopback one is
 * plugged in here). It accepts any bind, keeps every submit_sm (decoded) and answers it with a
 * fresh message id, and can send delivery receipts and mobile-originated messages to the bound
 * client.
 *
 * <pre>{@code
 * try (LocalSmsc smsc = LocalSmsc.start()) {
 *   ... SmppSettings.of("127.0.0.1", smsc.port(), "citysense", "secret", "10690000") ...
 *   smsc.submitted();              // what arrived
 *   smsc.sendReceipt(id, "DELIVRD");
 *   smsc.sendMo("+8613800138000", "1");
 * }
 * }</pre>
 */
public final class LocalSmsc implements AutoCloseable {
  /**
   * One submit_sm as it arrived.
   *
   * @param address the destination in E.164 when its TON was international, else as sent
   * @param text the decoded text of this segment (UDH stripped)
   * @param udh whether it carried a user data header (a segment of a concatenated message)
   */
  public record Submitted(
      String messageId,
      String source,
      String address,
      String text,
      byte dataCoding,
      byte esmClass,
      byte registeredDelivery,
      boolean udh,
      byte[] shortMessage) {}

  private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm");

  private final SMPPServerSessionListener listener;
  private final int port;
  private final Thread acceptor;
  private final Queue<Submitted> submitted = new ConcurrentLinkedQueue<>();
  private final Map<String, Submitted> byId = new ConcurrentHashMap<>();
  private final List<String> binds = new CopyOnWriteArrayList<>();
  private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
  private final Deque<Integer> rejections = new ArrayDeque<>();
  private final AtomicLong ids = new AtomicLong(0x5A000000L);
  private final List<Consumer<Submitted>> onSubmit = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private LocalSmsc(int requestedPort) throws IOException {
    LoopbackServerConnectionFactory factory = new LoopbackServerConnectionFactory();
    this.listener = new SMPPServerSessionListener(requestedPort, factory);
    this.port = factory.boundPort;
    listener.setMessageReceiverListener(new Receiver());
    this.acceptor = new Thread(this::acceptLoop, "local-smsc-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** An SMSC on a free loopback port. */
  public static LocalSmsc start() throws IOException {
    return new LocalSmsc(0);
  }

  /** An SMSC on this loopback port (to bring one back where a client expects it). */
  public static LocalSmsc start(int port) throws IOException {
    return new LocalSmsc(port);
  }

  public int port() {
    return port;
  }

  /**
   * Calls {@code listener} with each submit_sm as it arrives, on jSMPP's thread, after it is kept
   * and before it is answered (print, time, or reply from here; do not block).
   */
  public void onSubmit(Consumer<Submitted> listener) {
    onSubmit.add(listener);
  }

  /** Every submit_sm so far, in arrival order (one per segment). */
  public List<Submitted> submitted() {
    return List.copyOf(submitted);
  }

  /** How many submit_sm arrived so far (cheap, for polling under load). */
  public int submittedCount() {
    return byId.size();
  }

  /** The system_id of every bind so far. */
  public List<String> binds() {
    return List.copyOf(binds);
  }

  /** Sessions bound now. */
  public int boundSessions() {
    return (int) sessions.stream().filter(s -> s.getSessionState().isBound()).count();
  }

  /** Answers the next submit_sm with this command_status (e.g. 0x58 throttled) instead of OK. */
  public void rejectNext(int commandStatus) {
    synchronized (rejections) {
      rejections.add(commandStatus);
    }
  }

  /**
   * Sends a delivery receipt for a submitted message, in the usual text form with the receipt bit
   * in esm_class.
   *
   * @param stat DELIVRD, UNDELIV, EXPIRED, REJECTD…
   */
  public void sendReceipt(String messageId, String stat) throws Exception {
    Submitted original = byId.get(messageId);
    if (original == null) {
      throw new IllegalArgumentException("no such message: " + messageId);
    }
    String now = LocalDateTime.now().format(RECEIPT_DATE);
    String text =
        "id:"
            + messageId
            + " sub:001 dlvrd:"
            + ("DELIVRD".equals(stat) ? "001" : "000")
            + " submit date:"
            + now
            + " done date:"
            + now
            + " stat:"
            + stat
            + " err:000 text:";
    boundSession()
        .deliverShortMessage(
            "",
            TypeOfNumber.INTERNATIONAL,
            NumberingPlanIndicator.ISDN,
            original.address().replace("+", ""),
            TypeOfNumber.UNKNOWN,
            NumberingPlanIndicator.UNKNOWN,
            original.source(),
            new ESMClass(
                MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
            (byte) 0,
            (byte) 0,
            new RegisteredDelivery(0),
            () -> (byte) 0,
            text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Sends a mobile-originated message (a person's reply) from {@code from}: E.164 with {@code +}
   * goes as TON international, anything else as TON unknown; the text in GSM 7-bit when it fits,
   * else UCS-2.
   */
  public void sendMo(String from, String to, String text) throws Exception {
    boolean international = from.startsWith("+");
    boolean gsm = SmsText.fitsGsm(text);
    boundSession()
        .deliverShortMessage(
            "",
            international ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.UNKNOWN,
            international ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN,
            international ? from.substring(1) : from,
            TypeOfNumber.UNKNOWN,
            NumberingPlanIndicator.UNKNOWN,
            to,
            new ESMClass(),
            (byte) 0,
            (byte) 0,
            new RegisteredDelivery(0),
            gsm ? () -> SmsText.GSM : () -> SmsText.UCS2,
            gsm ? SmsText.encodeGsm(text) : text.getBytes(StandardCharsets.UTF_16BE));
  }

  /** As {@link #sendMo(String, String, String)} to the short code {@code 10690000}. */
  public void sendMo(String from, String text) throws Exception {
    sendMo(from, "10690000", text);
  }

  /** Sends unbind to every bound client (they should bind again). */
  public void unbindClients() {
    for (SMPPServerSession s : sessions) {
      s.unbindAndClose();
    }
    sessions.clear();
  }

  /** Stops listening and drops every connection at once, as a crashed SMSC would. */
  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (SMPPServerSession s : sessions) {
      s.close();
    }
    sessions.clear();
  }

  private SMPPServerSession boundSession() {
    for (int i = sessions.size() - 1; i >= 0; i--) {
      SMPPServerSession s = sessions.get(i);
      if (s.getSessionState().isBound()) {
        return s;
      }
    }
    throw new IllegalStateException("no client bound to the local SMSC");
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SMPPServerSession session = listener.accept();
        BindRequest bind = session.waitForBind(10_000);
        binds.add(bind.getSystemId());
        bind.accept("LocalSmsc");
        sessions.add(session);
      } catch (Exception e) {
        if (!closed) {
          System.err.println("local SMSC: accept/bind failed: " + e);
        }
      }
    }
  }

  private final class Receiver implements ServerMessageReceiverListener {
    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm s, SMPPServerSession source)
        throws ProcessRequestException {
      Integer reject;
      synchronized (rejections) {
        reject = rejections.poll();
      }
      if (reject != null) {
        throw new ProcessRequestException("rejected on request", reject);
      }
      String id = Long.toHexString(ids.incrementAndGet());
      boolean udh = GSMSpecificFeature.UDHI.containedIn(s.getEsmClass());
      String address =
          s.getDestAddrTon() == TypeOfNumber.INTERNATIONAL.value()
              ? "+" + s.getDestAddress()
              : s.getDestAddress();
      Submitted got =
          new Submitted(
              id,
              s.getSourceAddr(),
              address,
              SmsText.decode(s.getShortMessage(), s.getDataCoding(), udh),
              s.getDataCoding(),
              s.getEsmClass(),
              s.getRegisteredDelivery(),
              udh,
              s.getShortMessage());
      byId.put(id, got);
      submitted.add(got);
      for (Consumer<Submitted> l : onSubmit) {
        try {
          l.accept(got);
        } catch (RuntimeException e) {
          System.err.println("local SMSC: a submit listener failed: " + e);
        }
      }
      try {
        return new SubmitSmResult(new MessageId(id), new org.jsmpp.bean.OptionalParameter[0]);
      } catch (PDUStringException e) {
        throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR, e);
      }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti s, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptCancelSm(CancelSm c, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(
        QueryBroadcastSm q, SMPPServerSession source) throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm d, Session source) throws ProcessRequestException {
      throw unsupported();
    }

    private ProcessRequestException unsupported() {
      return new ProcessRequestException("not in the local SMSC", SMPPConstant.STAT_ESME_RINVCMDID);
    }
  }

  /** jSMPP's server socket factory binds every interface; this one binds 127.0.0.1 only. */
  private static final class LoopbackServerConnectionFactory implements ServerConnectionFactory {
    private int boundPort;

    @Override
    public ServerConnection listen(int port) throws IOException {
      return listen(port, 0, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout) throws IOException {
      return listen(port, timeout, 50);
    }

    @Override
    public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
      socket.setSoTimeout(timeout);
      boundPort = socket.getLocalPort();
      return new ServerSocketConnection(socket);
    }
  }
}
