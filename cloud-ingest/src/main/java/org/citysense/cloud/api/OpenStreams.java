package org.citysense.cloud.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The open event streams and their tokens. {@link #check()}, every few seconds, asks the token
 * store which of their tokens are still active and ends the streams of the others: a token revoked
 * on any node of a cluster (they share the store) ends its streams on every node, without a message
 * between nodes. Streams whose client went away are forgotten at the same time.
 */
public final class OpenStreams {
  private static final Logger LOG = Logger.getLogger(OpenStreams.class);

  /**
   * @param end ends the stream (the token was revoked)
   * @param closed whether the client went away
   */
  private record Stream(String tokenId, Runnable end, BooleanSupplier closed) {}

  private final Function<Collection<String>, Map<String, Boolean>> activity;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  /**
   * @param activity whether each of the given token ids is active; unknown ids left out
   */
  public OpenStreams(Function<Collection<String>, Map<String, Boolean>> activity) {
    this.activity = activity;
  }

  /**
   * @return forgets the stream (it ended otherwise)
   */
  public Runnable add(String tokenId, Runnable end, BooleanSupplier closed) {
    Stream stream = new Stream(tokenId, end, closed);
    open.add(stream);
    return () -> open.remove(stream);
  }

  public int size() {
    return open.size();
  }

  /**
   * Ends the streams of revoked (or unknown) tokens. When the store cannot be asked the streams
   * stay open until a later check: a revocation cannot be written while it is away either.
   *
   * @return how many streams were ended for their token
   */
  public int check() {
    open.removeIf(s -> s.closed().getAsBoolean());
    List<Stream> streams = List.copyOf(open);
    if (streams.isEmpty()) {
      return 0;
    }
    Map<String, Boolean> active;
    try {
      active = activity.apply(streams.stream().map(Stream::tokenId).collect(Collectors.toSet()));
    } catch (RuntimeException e) {
      LOG.warnf("cannot check the tokens of %d open streams: %s", streams.size(), e.getMessage());
      return 0;
    }
    int ended = 0;
    for (Stream s : streams) {
      if (!active.getOrDefault(s.tokenId(), false) && open.remove(s)) {
        LOG.infof("ending an event stream: its token is revoked [token: %s]", s.tokenId());
        s.end().run();
        ended++;
      }
    }
    return ended;
  }
}
