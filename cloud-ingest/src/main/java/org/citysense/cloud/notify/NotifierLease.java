package org.citysense.cloud.notify;

import java.time.Duration;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.db.Leases;
import org.jboss.logging.Logger;

/**
 * In a cluster, one node notifies at a time: the one holding the lease {@value #NAME} in the
 * database. Every node tries each second to take or renew it; the holder runs its {@link Notifier}
 * (follows the outbox, sends, reminds, escalates), the others keep theirs stopped, ready to hear
 * the channels' receipts and replies, which go to the database whichever node hears them. A holder
 * that dies is replaced once its lease expires ({@link #TTL}); one that stalls stops sending when
 * its own count of the lease runs out, a second before the others may take it.
 */
public final class NotifierLease implements AutoCloseable {
  static final String NAME = "notifier";
  static final Duration TTL = Duration.ofSeconds(5);
  private static final Duration RENEW = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(NotifierLease.class);

  private final Leases leases;
  private final String node;
  private final Notifier notifier;
  private volatile long heldUntil = System.nanoTime();
  private volatile boolean stopped;
  private boolean notifying;
  private Thread worker;

  public NotifierLease(Leases leases, String node, Notifier notifier) {
    this.leases = leases;
    this.node = node;
    this.notifier = notifier;
    notifier.onlyWhile(this::held);
  }

  /** Whether this node holds the lease by its own count (a second short of the database's). */
  public boolean held() {
    return System.nanoTime() - heldUntil < 0;
  }

  public synchronized void start() {
    if (worker != null) {
      return;
    }
    worker = new Thread(this::run, "notifier-lease");
    worker.setDaemon(true);
    worker.start();
  }

  private void run() {
    int failures = 0;
    while (!stopped) {
      long asked = System.nanoTime();
      try {
        if (leases.acquire(NAME, node, TTL)) {
          heldUntil = asked + TTL.minus(RENEW).toNanos();
        }
        failures = 0;
      } catch (DataAccessException e) {
        if (Integer.bitCount(++failures) == 1) {
          LOG.warnf("cannot renew the notifier's lease (%d times in a row): %s", failures, e);
        }
      }
      follow();
      try {
        Thread.sleep(RENEW.toMillis());
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** Starts or stops the notifier as the lease is held or not. */
  private synchronized void follow() {
    if (stopped) {
      return;
    }
    if (held() && !notifying) {
      LOG.infof("this node (%s) notifies now: it holds the notifier's lease", node);
      try {
        notifier.start();
        notifying = true;
      } catch (RuntimeException e) {
        LOG.warnf("the notifier cannot start yet, trying again: %s", e.getMessage());
        notifier.close();
      }
    } else if (!held() && notifying) {
      LOG.warnf("this node (%s) no longer holds the notifier's lease: it stops notifying", node);
      notifier.close();
      notifying = false;
    }
  }

  /** Stops notifying and gives the lease up, so another node takes it over at once. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      stopped = true;
      t = worker;
      if (notifying) {
        notifier.close();
        notifying = false;
      }
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      leases.release(NAME, node);
    } catch (DataAccessException e) {
      LOG.warnf("cannot give the notifier's lease up; it expires in %s: %s", TTL, e);
    }
  }
}
