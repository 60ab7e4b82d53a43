package org.citysense.demo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.citysense.testsupport.smsc.LocalSmsc;

/**
 * The community's SMSC (jSMPP's server API, in this JVM): prints each SMS as it arrives, answers it
 * with a delivery receipt, and has the people who acknowledge by SMS reply "1" to each one (a gas
 * leak raises two events, the reading's and the relay's; each "1" acknowledges the latest open one
 * sent to that phone, a "1" with nothing open is ignored).
 */
final class SmsDesk implements AutoCloseable {
  private final LocalSmsc smsc;
  private final Timeline timeline;
  private final ExecutorService phones =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "demo-phones");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> replies = ConcurrentHashMap.newKeySet();

  SmsDesk(Timeline timeline) throws IOException {
    this.timeline = timeline;
    this.smsc = LocalSmsc.start();
    smsc.onSubmit(this::arrived);
  }

  int port() {
    return smsc.port();
  }

  LocalSmsc smsc() {
    return smsc;
  }

  /** Phones that replied "1". */
  Set<String> replies() {
    return Set.copyOf(replies);
  }

  private void arrived(LocalSmsc.Submitted s) {
    Instant at = timeline.clock().instant();
    phones.submit(() -> answer(s, People.byPhone(s.address()), at));
  }

  /**
   * Runs on the phones' thread, never on jSMPP's: prints the SMS (a moment later, so that the event
   * it is about is printed first), answers a receipt, and maybe a reply.
   */
  private void answer(LocalSmsc.Submitted s, Optional<People.Person> person, Instant at) {
    try {
      pause(Duration.ofMillis(600));
      if (!laterSegment(s)) {
        timeline.at(
            at,
            "   SMS to "
                + person.map(People.Person::label).orElse("?")
                + " ("
                + s.address()
                + "): "
                + shorten(s.text()));
      }
      smsc.sendReceipt(s.messageId(), "DELIVRD");
      if (person.isPresent() && person.get().repliesOne() && !laterSegment(s)) {
        pause(Duration.ofMillis(800));
        smsc.sendMo(s.address(), "1");
        replies.add(s.address());
        timeline.now("   reply \"1\" from " + person.get().label() + " (" + s.address() + ")");
      }
    } catch (Exception e) {
      timeline.now("   (the SMSC could not answer " + s.address() + ": " + e.getMessage() + ")");
    }
  }

  /** The second and later parts of a concatenated SMS: printed once, with the first. */
  private static boolean laterSegment(LocalSmsc.Submitted s) {
    byte[] m = s.shortMessage();
    if (!s.udh() || m == null || m.length < 6) {
      return false;
    }
    int seq = m[1] == 0x00 ? m[5] : (m.length > 6 ? m[6] : 1);
    return seq > 1;
  }

  private static String shorten(String text) {
    String one = text.replace('\n', ' ').strip();
    return one.length() <= 90 ? one : one.substring(0, 89) + "…";
  }

  private static void pause(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  @Override
  public void close() throws IOException {
    phones.shutdownNow();
    try {
      phones.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    smsc.close();
  }
}
