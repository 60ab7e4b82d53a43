package org.citysense.demo;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
  private final ScheduledExecutorService phones =
      Executors.newScheduledThreadPool(
          2,
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
    Optional<People.Person> person = People.byPhone(s.address());
    // a moment later, so that the event it is about is printed first
    phones.schedule(() -> print(s, person, at), 600, TimeUnit.MILLISECONDS);
    phones.schedule(() -> answer(s, person), 300, TimeUnit.MILLISECONDS);
  }

  private void print(LocalSmsc.Submitted s, Optional<People.Person> person, Instant at) {
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
  }

  /** Runs on the phones' threads, never on jSMPP's: a receipt, and maybe a reply a second later. */
  private void answer(LocalSmsc.Submitted s, Optional<People.Person> person) {
    try {
      smsc.sendReceipt(s.messageId(), "DELIVRD");
    } catch (Exception e) {
      timeline.now("   (the SMSC could not send a receipt to the cloud: " + e.getMessage() + ")");
    }
    if (person.isPresent() && person.get().repliesOne() && !laterSegment(s)) {
      phones.schedule(() -> reply(person.get()), 1, TimeUnit.SECONDS);
    }
  }

  private void reply(People.Person person) {
    try {
      smsc.sendMo(person.phone(), "1");
      replies.add(person.phone());
      timeline.now("   reply \"1\" from " + person.label() + " (" + person.phone() + ")");
    } catch (Exception e) {
      timeline.now(
          "   (the SMSC could not pass on the reply of "
              + person.phone()
              + ": "
              + e.getMessage()
              + ")");
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
