package org.citysense.cloud.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * The seam between accepting items and judging them: the log the rules consume, in order, from a
 * position they commit themselves. An item is accepted (the gateway hears 200) only once it is
 * durably in this log, so a crash loses nothing the gateway will not send again. {@link
 * JdbcHandOffLog} keeps it in the relational database (the embedded H2 file by default); a
 * deployment of several nodes can put Apache Kafka here.
 */
public interface HandOffLog {

  /**
   * The entries after {@code position}, oldest first, at most {@code max}; waits up to {@code wait}
   * for one when there is none yet.
   */
  List<LogEntry> read(long position, int max, Duration wait) throws InterruptedException;

  /** The consumer no longer needs the entries up to {@code position}: they may go. */
  void discardUpTo(long position);

  /** How far behind a consumer at {@code position} is. */
  Lag lag(long position);
}
