package org.citysense.cloud.evaluate;

/** Where evaluators send what they find: the event service, or a list in a test. */
@FunctionalInterface
public interface SignalSink {
  void accept(Signal signal);
}
