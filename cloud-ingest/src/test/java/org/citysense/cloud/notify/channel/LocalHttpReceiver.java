package org.citysense.cloud.notify.channel;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 that keeps every request and answers as told (default 200 {}): a
 * channel test's provider, or a whole-service test's SMS provider, push service or webhook.
 */
public final class LocalHttpReceiver implements AutoCloseable {
  public record Request(String method, URI uri, Headers headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private record Answer(int status, String body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final HttpServer server;

  public LocalHttpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          requests.add(
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI(),
                  exchange.getRequestHeaders(),
                  body));
          Answer a;
          synchronized (answers) {
            a = answers.isEmpty() ? new Answer(200, "{}") : answers.poll();
          }
          byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        });
    server.start();
  }

  /** Answers the next request with this status and body. */
  public void answer(int status, String body) {
    synchronized (answers) {
      answers.add(new Answer(status, body));
    }
  }

  /** Answers the next {@code times} requests with this status (e.g. 500: a provider in trouble). */
  public void failNext(int times, int status) {
    for (int i = 0; i < times; i++) {
      answer(status, "{\"error\":\"test failure " + (i + 1) + "\"}");
    }
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  Request only() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests.size());
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
