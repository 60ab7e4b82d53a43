package org.citysense.cloud.evaluate;

/**
 * An evaluator whose state (windows, clocks, raised conditions) survives a restart: it hands its
 * state out as plain data (records, lists, instants) that a checkpoint writes as JSON, and takes it
 * back after a restart. Both are called on the rules' thread, between observations.
 *
 * @param <S> the state's type, a record
 */
public interface Stateful<S> {
  Class<S> stateType();

  /** A copy of the state, sharing nothing mutable with the evaluator. */
  S state();

  /** Replaces the state with {@code state} (from {@link #state()} of an equal rule). */
  void restore(S state);
}
