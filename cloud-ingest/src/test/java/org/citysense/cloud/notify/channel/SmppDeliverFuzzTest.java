package org.citysense.cloud.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.OptionalParameters;

/**
 * A deliver_sm as an SMSC sends it, through {@link SmppChannel}'s reading of it: a delivery receipt
 * (by esm_class or by its {@code id: … stat: …} text, the TLVs winning), a person's reply (its text
 * decoded by data_coding, a UDH stripped, the sender made E.164) or, for an ENROUTE notice or a
 * receipt without an id, nothing; at most one of these, and never an exception.
 *
 * <p>The input's layout, so that seeds can be written by hand: esm_class, data_coding,
 * source_addr_ton, then four length-prefixed fields (a length byte of 0xFF means absent): the
 * source address, the receipted_message_id TLV, the message_state TLV and the message_payload TLV;
 * the rest is the short_message. TLV contents become TLVs through jSMPP's own {@link
 * OptionalParameters#deserialize}, as its PDU decoder makes them; one that jSMPP itself refuses is
 * left out (its decoder would refuse the PDU before the channel sees it).
 */
class SmppDeliverFuzzTest {
  /**
   * Errors only: a warning or an info line per fuzzed input (a receipt without an id, a reply not
   * understood) would write megabytes a second. Kept here so the setting is not collected.
   */
  private static final Logger QUIET = quiet();

  private final RecordingListener listener = new RecordingListener();
  private final SmppChannel channel =
      new SmppChannel(
          SmppSettings.of("127.0.0.1", 2775, "citysense", "secret", "10690000"), listener);

  @FuzzTest(maxDuration = "10s")
  void deliver(byte[] input) {
    Cursor in = new Cursor(input);
    DeliverSm d = new DeliverSm();
    d.setEsmClass(in.next());
    d.setDataCoding(in.next());
    d.setSourceAddrTon(in.next());
    byte[] from = in.field();
    d.setSourceAddr(from == null ? null : new String(from, StandardCharsets.UTF_8));
    List<OptionalParameter> tlvs = new ArrayList<>();
    tlv(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID, in.field(), tlvs);
    tlv(OptionalParameter.Tag.MESSAGE_STATE, in.field(), tlvs);
    tlv(OptionalParameter.Tag.MESSAGE_PAYLOAD, in.field(), tlvs);
    d.setOptionalParameters(tlvs.toArray(OptionalParameter[]::new));
    d.setShortMessage(in.rest());

    listener.receipts.clear();
    listener.replies.clear();
    channel.onDeliver(d);

    assertThat(listener.receipts.size() + listener.replies.size()).isLessThanOrEqualTo(1);
    for (RecordingListener.Receipt r : listener.receipts) {
      assertThat(r.providerId()).isNotNull();
      assertThat(r.detail()).isNotNull().isNotIn("ENROUTE", "SCHEDULED");
      assertThat(r.delivered()).isEqualTo("DELIVRD".equals(r.detail()));
    }
    for (RecordingListener.Reply r : listener.replies) {
      assertThat(r.fromAddress()).isNotNull();
      assertThat(r.text()).isNotNull();
    }
  }

  private static void tlv(OptionalParameter.Tag tag, byte[] content, List<OptionalParameter> to) {
    if (content == null) {
      return;
    }
    OptionalParameter p;
    try {
      p = OptionalParameters.deserialize(tag.code(), content);
    } catch (RuntimeException refusedByJsmpp) {
      return;
    }
    to.add(p);
  }

  /** Reads the input front to back; past its end every byte is 0 and every field absent. */
  private static final class Cursor {
    private final byte[] data;
    private int at;

    Cursor(byte[] data) {
      this.data = data;
    }

    byte next() {
      return at < data.length ? data[at++] : 0;
    }

    byte[] field() {
      if (at >= data.length) {
        return null;
      }
      int length = data[at++] & 0xFF;
      if (length == 0xFF) {
        return null;
      }
      int end = Math.min(data.length, at + length);
      byte[] field = Arrays.copyOfRange(data, at, end);
      at = end;
      return field;
    }

    byte[] rest() {
      byte[] rest = Arrays.copyOfRange(data, Math.min(at, data.length), data.length);
      at = data.length;
      return rest;
    }
  }

  private static Logger quiet() {
    Logger logger = Logger.getLogger("org.citysense.cloud.notify");
    logger.setLevel(Level.SEVERE);
    return logger;
  }
}
