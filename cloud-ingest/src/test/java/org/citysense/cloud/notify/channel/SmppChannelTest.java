package org.citysense.cloud.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.citysense.testsupport.Poll;
import org.citysense.testsupport.smsc.LocalSmsc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SmppChannel} against {@link LocalSmsc}, a jSMPP server on 127.0.0.1. */
class SmppChannelTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PHONE = "+8613800138000";

  private LocalSmsc smsc;
  private SmppChannel channel;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void start() throws Exception {
    smsc = LocalSmsc.start();
    channel = new SmppChannel(settings(smsc.port()), listener).start();
    Poll.until("bound", WAIT, channel::isBound);
  }

  @AfterEach
  void stop() throws Exception {
    channel.close();
    smsc.close();
  }

  private static SmppSettings settings(int port) {
    return SmppSettings.of("127.0.0.1", port, "citysense", "secret", "10690000")
        .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  private static OutboundMessage sms(String text) {
    return new OutboundMessage(PHONE, text, "d-1", Map.of());
  }

  @Test
  void chineseGoesAsUcs2WithAReceiptRequestedAndTheSmscsIdComesBack() throws Exception {
    String text = "【城感】紧急：3栋201 燃气泄漏（35 ppm）。回复 4821 或 1 确认";

    String id = channel.send(sms(text));

    assertThat(smsc.binds()).containsExactly("citysense");
    List<LocalSmsc.Submitted> got = smsc.submitted();
    assertThat(got).hasSize(1);
    LocalSmsc.Submitted s = got.get(0);
    assertThat(s.messageId()).isEqualTo(id);
    assertThat(s.address()).isEqualTo(PHONE);
    assertThat(s.source()).isEqualTo("10690000");
    assertThat(s.dataCoding()).isEqualTo((byte) 0x08);
    assertThat(s.text()).isEqualTo(text);
    assertThat(s.registeredDelivery() & 0x03).as("SMSC receipt on success and failure").isOne();
    assertThat(s.udh()).isFalse();
  }

  @Test
  void textInTheGsmAlphabetGoesAsGsm() throws Exception {
    String text =
        "CitySense URGENT: gas leak at Bldg 3 Rm 201 (35 ppm) @ 10:05, €2 [test]. Reply 1";

    channel.send(sms(text));

    LocalSmsc.Submitted s = smsc.submitted().get(0);
    assertThat(s.dataCoding()).isEqualTo((byte) 0x00);
    assertThat(s.text()).isEqualTo(text);
  }

  @Test
  void aLongTextIsSplitIntoConcatenatedSegments() throws Exception {
    String text = "燃气泄漏".repeat(40); // 160 UCS-2 characters: three segments of 67, 67, 26

    String id = channel.send(sms(text));

    List<LocalSmsc.Submitted> got = smsc.submitted();
    assertThat(got).hasSize(3);
    assertThat(got).allMatch(LocalSmsc.Submitted::udh);
    assertThat(got.get(0).messageId()).isEqualTo(id);
    assertThat(got.stream().map(LocalSmsc.Submitted::text).collect(Collectors.joining()))
        .isEqualTo(text);
    byte[] udh = got.get(2).shortMessage();
    assertThat(new byte[] {udh[0], udh[1], udh[2], udh[4], udh[5]}).containsExactly(5, 0, 3, 3, 3);
    assertThat(got.get(0).shortMessage()[3]).isEqualTo(udh[3]); // one reference for all parts
  }

  @Test
  void aDeliveryReceiptReachesTheListenerWithTheMessageId() throws Exception {
    String delivered = channel.send(sms("测试一"));
    String failed = channel.send(sms("测试二"));

    smsc.sendReceipt(delivered, "DELIVRD");
    smsc.sendReceipt(failed, "UNDELIV");

    Poll.until("two receipts", WAIT, () -> listener.receipts.size() == 2);
    assertThat(listener.receipts)
        .containsExactly(
            new RecordingListener.Receipt("smpp", delivered, true, "DELIVRD"),
            new RecordingListener.Receipt("smpp", failed, false, "UNDELIV"));
    assertThat(listener.replies).isEmpty();
  }

  @Test
  void aMobileOriginatedMessageIsAReplyFromAnE164Number() throws Exception {
    smsc.sendMo(PHONE, "1");
    smsc.sendMo("13800138001", "确认 4821"); // national form, UCS-2

    Poll.until("two replies", WAIT, () -> listener.replies.size() == 2);
    assertThat(listener.replies)
        .containsExactly(
            new RecordingListener.Reply("smpp", PHONE, "1"),
            new RecordingListener.Reply("smpp", "+8613800138001", "确认 4821"));
    assertThat(listener.receipts).isEmpty();
  }

  @Test
  void throttlingIsRetryableAndAnInvalidDestinationIsNot() {
    smsc.rejectNext(0x58); // ESME_RTHROTTLED
    assertThatThrownBy(() -> channel.send(sms("测试")))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isTrue());

    smsc.rejectNext(0x0B); // ESME_RINVDSTADR
    assertThatThrownBy(() -> channel.send(sms("测试")))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isFalse());

    assertThatThrownBy(() -> channel.send(new OutboundMessage("not-a-number", "x", "d", null)))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(smsc.submitted()).isEmpty();
  }

  @Test
  void whileTheSmscIsDownSendingIsRetryableAndTheChannelBindsAgainWhenItIsBack() throws Exception {
    int port = smsc.port();
    smsc.close();
    Poll.until("session lost", WAIT, () -> !channel.isBound());

    assertThatThrownBy(() -> channel.send(sms("测试")))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.retryable()).isTrue());

    smsc = LocalSmsc.start(port);
    Poll.until("bound again", WAIT, channel::isBound);
    String id = channel.send(sms("恢复"));
    assertThat(smsc.submitted()).extracting(LocalSmsc.Submitted::messageId).containsExactly(id);
  }

  @Test
  void anUnbindFromTheSmscIsFollowedByANewBind() throws Exception {
    smsc.unbindClients();
    Poll.until("bound again", WAIT, () -> smsc.binds().size() == 2 && channel.isBound());

    channel.send(sms("又来了"));
    assertThat(smsc.submitted()).hasSize(1);
  }
}
