package org.citysense.agent.uplink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.citysense.profiles.wire.Batch;

/**
 * An uplink that records each batch and answers from a script: an {@link UplinkReply} or an {@link
 * UplinkException} per send; with the script empty, everything stored.
 */
final class FakeUplink implements Uplink {
  private final Deque<Object> script = new ArrayDeque<>();
  private final List<Batch> sent = new ArrayList<>();
  private boolean closed;
  private long poison = -1;
  private boolean namesField;

  /** Refuses, as a whole, every batch holding reading {@code seq}; names its field if asked. */
  synchronized FakeUplink refusing(long seq, boolean namingTheField) {
    poison = seq;
    namesField = namingTheField;
    return this;
  }

  synchronized FakeUplink then(Object outcome) {
    script.add(outcome);
    return this;
  }

  @Override
  public synchronized UplinkReply send(Batch batch) throws UplinkException {
    sent.add(batch);
    for (int i = 0; i < batch.readings().size(); i++) {
      if (batch.readings().get(i).seq() == poison) {
        throw new BatchRefusedException(
            "refused (400)",
            namesField ? "readings[" + i + "].unit" : null,
            "\"ppb\" is not the canonical unit of pm2_5 (µg/m³)");
      }
    }
    Object outcome = script.poll();
    if (outcome instanceof UplinkException e) {
      throw e;
    }
    if (outcome instanceof UplinkReply r) {
      return r;
    }
    int items = batch.readings().size() + batch.statusChanges().size() + batch.edgeEvents().size();
    return new UplinkReply(items, 0, List.of(), 0, false);
  }

  synchronized List<Batch> sent() {
    return List.copyOf(sent);
  }

  synchronized boolean closed() {
    return closed;
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
