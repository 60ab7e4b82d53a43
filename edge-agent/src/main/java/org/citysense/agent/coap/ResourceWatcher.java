package org.citysense.agent.coap;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.agent.driver.Backoff;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushListener;
import org.citysense.profiles.decode.RawValue;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;

/**
 * Keeps the values of one device resource coming: observes it when the profile says so, and
 * observes it again with backoff when the observation fails or the device stops answering; polls it
 * at its interval otherwise, or when the server turns out not to support observe.
 *
 * <p>Everything here runs on the driver's one executor thread, Californium's callbacks included, so
 * the state needs no locks. An answer that belongs to an abandoned request is ignored.
 */
final class ResourceWatcher {
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private enum Mode {
    OBSERVING,
    POLLING
  }

  private final CoapResourceLink link;
  private final CoapClient client;
  private final ScheduledExecutorService executor;
  private final Duration pollPeriod;
  private final PushListener listener;
  private final ProblemLog problems;
  private final CoapAnswers answers = new CoapAnswers();
  private final Backoff backoff = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
  private volatile Mode mode;
  private volatile boolean closed;
  private volatile boolean failing;
  private Object currentRequest;
  private CoapObserveRelation relation;

  /**
   * @param client a client for {@code link.uri()} whose callbacks run on {@code executor}
   * @param pollPeriod real time between polls
   */
  ResourceWatcher(
      CoapResourceLink link,
      CoapClient client,
      ScheduledExecutorService executor,
      Duration pollPeriod,
      PushListener listener,
      ProblemLog problems) {
    this.link = link;
    this.client = client;
    this.executor = executor;
    this.pollPeriod = pollPeriod;
    this.listener = listener;
    this.problems = problems;
    this.mode = link.observe() ? Mode.OBSERVING : Mode.POLLING;
  }

  void start() {
    if (mode == Mode.OBSERVING) {
      executor.execute(this::observe);
    } else {
      startPolling();
    }
  }

  /** For the status line: the URI, the device, observing or polling, failing or not. */
  String describe() {
    String how =
        mode == Mode.OBSERVING ? "observing" : "polling every " + pollPeriod.toMillis() + " ms";
    return link.uri() + " (" + link.deviceId() + ", " + how + (failing ? ", failing" : "") + ")";
  }

  /** Stops observing and polling; answers still in flight are ignored. */
  void close() {
    closed = true;
    CoapObserveRelation observed = relation;
    if (observed != null) {
      observed.reactiveCancel();
    }
  }

  private void observe() {
    if (closed) {
      return;
    }
    Request request = Request.newGet();
    request.setObserve();
    ObserveHandler handler = new ObserveHandler();
    currentRequest = handler;
    relation = client.observe(request, handler);
  }

  /** Drops the current observation and tries again after the backoff. */
  private void observeAgainLater() {
    currentRequest = null;
    if (relation != null) {
      relation.reactiveCancel();
      relation = null;
    }
    schedule(this::observe, backoff.next());
  }

  private void startPolling() {
    try {
      executor.scheduleAtFixedRate(this::poll, 0, pollPeriod.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  private void poll() {
    if (closed || currentRequest != null) {
      // the last poll is still waiting for its answer or its timeout; do not pile up requests
      return;
    }
    PollHandler handler = new PollHandler();
    currentRequest = handler;
    client.advanced(handler, Request.newGet());
  }

  private void schedule(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    try {
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  /** Hands a 2.xx representation on; true when it was usable. */
  private boolean deliver(CoapResponse response) {
    RawValue raw;
    try {
      raw = answers.raw(link.format(), response);
    } catch (IOException e) {
      fail(Failure.of(Failure.Kind.MALFORMED, e.getMessage()));
      return false;
    }
    if (failing) {
      failing = false;
      for (Failure.Kind kind : Failure.Kind.values()) {
        problems.cleared(
            key(kind), "answering again [device: {}, resource: {}]", link.deviceId(), link.uri());
      }
    }
    try {
      listener.received(link.deviceId(), link.points(), raw);
    } catch (RuntimeException e) {
      problems.problem(
          key(null),
          "listener failed [device: {}, resource: {}]: {}",
          link.deviceId(),
          link.uri(),
          e.toString());
    }
    return true;
  }

  private void fail(Failure failure) {
    failing = true;
    problems.problem(
        key(failure.kind()),
        "cannot read resource [device: {}, resource: {}]: {}",
        link.deviceId(),
        link.uri(),
        failure);
    try {
      listener.failed(link.deviceId(), failure);
    } catch (RuntimeException e) {
      problems.problem(
          key(null),
          "listener failed [device: {}, resource: {}]: {}",
          link.deviceId(),
          link.uri(),
          e.toString());
    }
  }

  private String key(Failure.Kind kind) {
    return link.uri() + " " + (kind == null ? "listener" : kind.name());
  }

  private Failure noAnswer() {
    return Failure.of(Failure.Kind.TIMEOUT, "no answer from " + link.uri());
  }

  /** Answers to one observe registration: the first response, then notifications. */
  private final class ObserveHandler implements CoapHandler {
    @Override
    public void onLoad(CoapResponse response) {
      if (closed || currentRequest != this) {
        return;
      }
      if (!response.isSuccess()) {
        fail(CoapAnswers.error(response));
        observeAgainLater();
        return;
      }
      boolean usable = deliver(response);
      if (!response.getOptions().hasObserve()) {
        // the server answered but will not notify: read the resource at its interval instead
        problems.problem(
            key(null) + " no-observe",
            "resource cannot be observed, polling it instead [device: {}, resource: {}]",
            link.deviceId(),
            link.uri());
        currentRequest = null;
        relation = null;
        mode = Mode.POLLING;
        startPolling();
      } else if (usable) {
        backoff.reset();
      }
    }

    @Override
    public void onError() {
      if (closed || currentRequest != this) {
        return;
      }
      fail(noAnswer());
      observeAgainLater();
    }
  }

  /** The answer to one poll. */
  private final class PollHandler implements CoapHandler {
    @Override
    public void onLoad(CoapResponse response) {
      if (closed || currentRequest != this) {
        return;
      }
      currentRequest = null;
      if (response.isSuccess()) {
        deliver(response);
      } else {
        fail(CoapAnswers.error(response));
      }
    }

    @Override
    public void onError() {
      if (closed || currentRequest != this) {
        return;
      }
      currentRequest = null;
      fail(noAnswer());
    }
  }
}
