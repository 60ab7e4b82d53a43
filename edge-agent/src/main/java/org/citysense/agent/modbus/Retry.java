package org.citysense.agent.modbus;

import java.time.Duration;
import java.util.function.Supplier;
import org.citysense.agent.driver.DriverSettings;
import org.citysense.agent.driver.Failure;

/**
 * Repeats a request that got no usable answer (silence, a bad CRC, garbage, a lost connection),
 * waiting {@link DriverSettings#retryBackoff()} before the first repeat and twice as long before
 * each further one. An exception response is the device's considered answer and is not repeated.
 */
public final class Retry {
  private final int retries;
  private final Duration backoff;

  public Retry(DriverSettings settings) {
    this.retries = settings.retries();
    this.backoff = settings.retryBackoff();
  }

  public Reply run(Supplier<Reply> attempt) {
    Reply reply = attempt.get();
    Duration wait = backoff;
    for (int retry = 0; retry < retries && worthRepeating(reply); retry++) {
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return reply;
      }
      wait = wait.multipliedBy(2);
      reply = attempt.get();
    }
    return reply;
  }

  static boolean worthRepeating(Reply reply) {
    return !reply.isOk() && reply.failure().kind() != Failure.Kind.EXCEPTION;
  }
}
