package org.citysense.agent.modbus;

import org.citysense.agent.driver.Failure;

/**
 * What one Modbus request got: the registers or bits it read (none for a confirmed write), or why
 * it got nothing usable. The arrays are handed over, not copied: a reply is read once.
 */
public record Reply(int[] words, boolean[] bits, Failure failure) {
  private static final int[] NO_WORDS = new int[0];
  private static final boolean[] NO_BITS = new boolean[0];

  public static Reply ofWords(int[] words) {
    return new Reply(words, NO_BITS, null);
  }

  public static Reply ofBits(boolean[] bits) {
    return new Reply(NO_WORDS, bits, null);
  }

  /** A write the device confirmed. */
  public static Reply done() {
    return new Reply(NO_WORDS, NO_BITS, null);
  }

  public static Reply failed(Failure failure) {
    return new Reply(NO_WORDS, NO_BITS, failure);
  }

  public static Reply failed(Failure.Kind kind, String message) {
    return failed(Failure.of(kind, message));
  }

  /** A Modbus exception response with its code. */
  public static Reply exception(int code, String message) {
    return failed(new Failure(Failure.Kind.EXCEPTION, code, message));
  }

  public boolean isOk() {
    return failure == null;
  }
}
