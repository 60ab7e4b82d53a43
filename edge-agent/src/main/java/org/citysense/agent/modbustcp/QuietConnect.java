package org.citysense.agent.modbustcp;

import java.io.PrintStream;

/**
 * PLC4X 0.13.1 prints the stack trace of a refused connection straight to {@code System.err} (its
 * {@code NettyChannelFactory}), past any logger, so an installer would see forty lines of Netty for
 * "connection refused". Installed once by the command line, this stream drops what a thread prints
 * while it opens a PLC4X connection; the failure itself still reaches our log and the user as one
 * line naming the device and the endpoint.
 */
public final class QuietConnect {
  private static final ThreadLocal<Boolean> OPENING = ThreadLocal.withInitial(() -> false);

  private QuietConnect() {}

  /** Routes {@code System.err} through the filter; idempotent. */
  public static void install() {
    if (!(System.err instanceof Filter)) {
      System.setErr(new Filter(System.err));
    }
  }

  /** Runs {@code open} with this thread's writes to {@code System.err} dropped. */
  static <T, E extends Exception> T quietly(Opening<T, E> open) throws E {
    OPENING.set(true);
    try {
      return open.run();
    } finally {
      OPENING.set(false);
    }
  }

  @FunctionalInterface
  interface Opening<T, E extends Exception> {
    T run() throws E;
  }

  private static final class Filter extends PrintStream {
    Filter(PrintStream target) {
      super(target, true);
    }

    @Override
    public void write(int b) {
      if (!OPENING.get()) {
        super.write(b);
      }
    }

    @Override
    public void write(byte[] buf, int off, int len) {
      if (!OPENING.get()) {
        super.write(buf, off, len);
      }
    }
  }
}
