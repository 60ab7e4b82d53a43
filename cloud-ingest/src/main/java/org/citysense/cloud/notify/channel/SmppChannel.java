package org.citysense.cloud.notify.channel;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

/**
 * SMS over SMPP 3.4 (jSMPP), bound as transceiver. {@link #start()} connects in the background and
 * keeps the session up: enquire_link while idle, and a new bind after an unbind or a lost
 * connection, waiting {@code reconnectMin}, doubling to {@code reconnectMax}.
 *
 * <p>{@link #send} submits with a request for an SMSC delivery receipt (success and failure), in
 * the GSM default alphabet when the text fits it and UCS-2 otherwise, split into concatenated
 * segments when longer than one SMS; it returns the message id of the first segment. While not
 * bound it fails at once, retryable.
 *
 * <p>Incoming deliver_sm: a delivery receipt (esm_class receipt type, or a text with {@code id:}
 * and {@code stat:}) goes to {@link DeliveryListener#receipt} (ENROUTE notices are skipped);
 * anything else is a person's reply and goes to {@link DeliveryListener#reply} with the sender in
 * E.164. When the listener throws, the deliver_sm is answered with a temporary error so the SMSC
 * delivers it again.
 */
public final class SmppChannel implements Channel {
  private static final Logger LOG = Logger.getLogger(SmppChannel.class);

  /** Errors about the message itself: sending it again cannot help. */
  private static final Set<Integer> PERMANENT =
      Set.of(
          SMPPConstant.STAT_ESME_RINVMSGLEN,
          SMPPConstant.STAT_ESME_RINVREGDLVFLG,
          SMPPConstant.STAT_ESME_RINVSRCADR,
          SMPPConstant.STAT_ESME_RINVDSTADR,
          SMPPConstant.STAT_ESME_RINVNUMDESTS,
          SMPPConstant.STAT_ESME_RINVESMCLASS,
          SMPPConstant.STAT_ESME_RINVSRCTON,
          SMPPConstant.STAT_ESME_RINVSRCNPI,
          SMPPConstant.STAT_ESME_RINVDSTTON,
          SMPPConstant.STAT_ESME_RINVDSTNPI,
          SMPPConstant.STAT_ESME_RX_P_APPN,
          SMPPConstant.STAT_ESME_RX_R_APPN,
          SMPPConstant.STAT_ESME_RINVDCS);

  private final SmppSettings settings;
  private final DeliveryListener listener;
  private final Clock clock;
  private final ScheduledExecutorService connector;
  private final AtomicInteger concatReference = new AtomicInteger();
  private final Object lock = new Object();
  private SMPPSession session; // guarded by lock; null while not bound
  private long backoffMs; // guarded by lock
  private boolean started; // guarded by lock
  private boolean closed; // guarded by lock

  public SmppChannel(SmppSettings settings, DeliveryListener listener) {
    this(settings, listener, Clock.systemUTC());
  }

  public SmppChannel(SmppSettings settings, DeliveryListener listener, Clock clock) {
    this.settings = settings;
    this.listener = listener;
    this.clock = clock;
    this.backoffMs = settings.reconnectMin().toMillis();
    this.connector =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "smpp-connect-" + settings.id());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts connecting in the background; returns at once. */
  public SmppChannel start() {
    synchronized (lock) {
      if (!started && !closed) {
        started = true;
        connector.execute(this::connect);
      }
    }
    return this;
  }

  @Override
  public String id() {
    return settings.id();
  }

  /** Whether a session is bound now (for health checks). */
  public boolean isBound() {
    SMPPSession s = current();
    return s != null && s.getSessionState().isBound();
  }

  @Override
  public String send(OutboundMessage message) throws ChannelException {
    String destination = PhoneNumbers.e164Digits(message.address());
    SMPPSession s = current();
    if (s == null || !s.getSessionState().isTransmittable()) {
      throw new ChannelException(
          "SMPP session not bound [channel: " + id() + ", host: " + settings.host() + "]",
          true,
          null);
    }
    SmsEncoding.Encoded encoded =
        SmsEncoding.encode(message.text(), concatReference.incrementAndGet());
    ESMClass esm =
        encoded.concatenated()
            ? new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI)
            : new ESMClass();
    byte dataCoding = encoded.dataCoding();
    String first = null;
    for (byte[] segment : encoded.segments()) {
      String messageId = submit(s, destination, esm, dataCoding, segment, message.reference());
      if (first == null) {
        first = messageId;
      }
    }
    return first;
  }

  private String submit(
      SMPPSession s,
      String destination,
      ESMClass esm,
      byte dataCoding,
      byte[] segment,
      String reference)
      throws ChannelException {
    String what = "[channel: " + id() + ", reference: " + reference + "]";
    try {
      return s.submitShortMessage(
              settings.systemType(),
              TypeOfNumber.valueOf((byte) settings.sourceTon()),
              NumberingPlanIndicator.valueOf((byte) settings.sourceNpi()),
              settings.sourceAddress(),
              TypeOfNumber.INTERNATIONAL,
              NumberingPlanIndicator.ISDN,
              destination,
              esm,
              (byte) 0,
              (byte) 0,
              null,
              null,
              new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
              (byte) 0,
              () -> dataCoding,
              (byte) 0,
              segment)
          .getMessageId();
    } catch (NegativeResponseException e) {
      int status = e.getCommandStatus();
      boolean retryable = !PERMANENT.contains(status);
      throw new ChannelException(
          "submit_sm refused [status: 0x" + Integer.toHexString(status) + "] " + what,
          retryable,
          e);
    } catch (ResponseTimeoutException e) {
      throw new ChannelException("no submit_sm_resp in time " + what, true, e);
    } catch (PDUException e) {
      throw new ChannelException("submit_sm not valid " + what + ": " + e.getMessage(), false, e);
    } catch (InvalidResponseException e) {
      throw new ChannelException("invalid submit_sm_resp " + what, true, e);
    } catch (IOException e) {
      lost(s); // most likely the session went away under us
      throw new ChannelException("submit_sm failed " + what + ": " + e.getMessage(), true, e);
    }
  }

  @Override
  public void close() {
    SMPPSession s;
    synchronized (lock) {
      closed = true;
      s = session;
      session = null;
    }
    connector.shutdownNow();
    if (s != null) {
      s.unbindAndClose();
    }
  }

  private SMPPSession current() {
    synchronized (lock) {
      return session;
    }
  }

  private void connect() {
    synchronized (lock) {
      if (closed || session != null) {
        return;
      }
    }
    SMPPSession s = new SMPPSession();
    s.setEnquireLinkTimer((int) settings.enquireLinkInterval().toMillis());
    s.setTransactionTimer(settings.transactionTimeout().toMillis());
    s.setMessageReceiverListener(new Receiver());
    try {
      s.connectAndBind(
          settings.host(),
          settings.port(),
          new BindParameter(
              BindType.BIND_TRX,
              settings.systemId(),
              settings.password(),
              settings.systemType(),
              TypeOfNumber.valueOf((byte) settings.sourceTon()),
              NumberingPlanIndicator.valueOf((byte) settings.sourceNpi()),
              null),
          settings.bindTimeout().toMillis());
    } catch (IOException | RuntimeException e) {
      s.close();
      long wait;
      synchronized (lock) {
        wait = backoffMs;
        backoffMs = Math.min(backoffMs * 2, settings.reconnectMax().toMillis());
      }
      LOG.warnf(
          "cannot bind to SMSC, next try in %d ms [channel: %s, host: %s, port: %d]: %s",
          wait, id(), settings.host(), settings.port(), e.getMessage());
      schedule(wait);
      return;
    }
    synchronized (lock) {
      if (closed) {
        s.unbindAndClose();
        return;
      }
      session = s;
      backoffMs = settings.reconnectMin().toMillis();
    }
    s.addSessionStateListener(
        (SessionState now, SessionState before, Session source) -> {
          if (!now.isBound()) {
            lost(s);
          }
        });
    if (!s.getSessionState().isBound()) {
      lost(s); // it went away before the listener was in place
    }
    LOG.infof(
        "bound to SMSC [channel: %s, host: %s, port: %d]", id(), settings.host(), settings.port());
  }

  /** The session ended (unbind, lost connection, I/O error): drop it and bind again. */
  private void lost(SMPPSession s) {
    long wait;
    synchronized (lock) {
      if (session != s || closed) {
        return;
      }
      session = null;
      wait = backoffMs;
      backoffMs = Math.min(backoffMs * 2, settings.reconnectMax().toMillis());
    }
    LOG.warnf(
        "SMPP session ended, reconnecting in %d ms [channel: %s, host: %s, state: %s]",
        wait, id(), settings.host(), s.getSessionState());
    connector.execute(s::close); // not on jSMPP's own reader thread
    schedule(wait);
  }

  private void schedule(long delayMs) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      connector.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * What an incoming deliver_sm means: a receipt, a reply or nothing. Package-private for its fuzz
   * target: whatever the SMSC sends must end here without an exception, since an exception answers
   * the deliver_sm with a temporary error and the SMSC would send it again and again.
   */
  void onDeliver(DeliverSm d) {
    String text =
        SmsEncoding.decode(
            payload(d), d.getDataCoding(), GSMSpecificFeature.UDHI.containedIn(d.getEsmClass()));
    Optional<SmppReceipt> receipt = receiptOf(d, text);
    if (receipt.isPresent()) {
      SmppReceipt r = receipt.get();
      if (r.fin()) {
        listener.receipt(id(), r.messageId(), r.delivered(), r.stat(), clock.instant());
      }
      return;
    }
    String from =
        PhoneNumbers.toE164(d.getSourceAddr(), d.getSourceAddrTon(), settings.countryCode());
    listener.reply(id(), from, text, clock.instant());
  }

  private static byte[] payload(DeliverSm d) {
    byte[] sm = d.getShortMessage();
    if (sm != null && sm.length > 0) {
      return sm;
    }
    OptionalParameter p = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
    if (p instanceof OptionalParameter.OctetString os) {
      return os.getValue();
    }
    return new byte[0];
  }

  /**
   * A receipt by esm_class, or by its text; the receipted_message_id and message_state TLVs win.
   */
  private static Optional<SmppReceipt> receiptOf(DeliverSm d, String text) {
    boolean flagged =
        MessageType.SMSC_DEL_RECEIPT.containedIn(d.getEsmClass())
            || MessageType.INTER_DEL_NOTIF.containedIn(d.getEsmClass());
    Optional<SmppReceipt> parsed = SmppReceipt.parse(text);
    if (!flagged && parsed.isEmpty()) {
      return Optional.empty();
    }
    String id = parsed.map(SmppReceipt::messageId).orElse(null);
    String stat = parsed.map(SmppReceipt::stat).orElse("UNKNOWN");
    OptionalParameter idTlv = d.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
    if (idTlv instanceof OptionalParameter.OctetString os) {
      id = os.getValueAsString();
      id = id.endsWith("\0") ? id.substring(0, id.length() - 1) : id;
    }
    OptionalParameter stateTlv = d.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
    if (stateTlv instanceof OptionalParameter.Byte b) {
      stat = SmppReceipt.statOf(b.getValue());
    }
    if (id == null) {
      LOG.warnf("delivery receipt without a message id, ignored [text: %s]", text);
      return Optional.of(new SmppReceipt("", "ENROUTE")); // consumed, not reported
    }
    return Optional.of(new SmppReceipt(id, stat));
  }

  private final class Receiver implements MessageReceiverListener {
    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
      try {
        onDeliver(deliverSm);
      } catch (RuntimeException e) {
        LOG.errorf(e, "cannot take deliver_sm, the SMSC will deliver it again [channel: %s]", id());
        throw new ProcessRequestException(
            "listener failed: " + e.getMessage(), SMPPConstant.STAT_ESME_RX_T_APPN, e);
      }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
      // not used: no messages are waiting for handsets on our side
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source)
        throws ProcessRequestException {
      throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
    }
  }
}
