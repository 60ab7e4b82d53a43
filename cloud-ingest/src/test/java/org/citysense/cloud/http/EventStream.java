package org.citysense.cloud.http;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.citysense.testsupport.Poll;

/** {@code GET /api/v1/events/stream} read line by line in the background, as a live screen does. */
public final class EventStream implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private CompletableFuture<?> reading;

  private EventStream() {}

  /** Opens the stream with {@code token} and waits for its first line. */
  public static EventStream open(URL url, String token, Duration wait) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.toString()))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build();
    EventStream stream = new EventStream();
    stream.reading =
        HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .thenAccept(response -> response.body().forEach(stream.lines::add));
    Poll.until("the event stream to open", wait, () -> !stream.lines.isEmpty());
    return stream;
  }

  /** The lines so far. */
  public List<String> lines() {
    return lines;
  }

  @Override
  public void close() {
    reading.cancel(true);
  }
}
