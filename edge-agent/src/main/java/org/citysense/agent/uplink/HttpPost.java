package org.citysense.agent.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs gzip-compressed JSON with a bearer token over the JDK's {@link HttpURLConnection}, blocking
 * the one thread that sends. Not java.net.http's client: for one request every few seconds it
 * loaded some 270 classes (120 of them lambdas) and kept a selector thread and a worker pool.
 * HTTP/1.1, no redirects followed, no proxy (as that client was built), idle connections reused
 * from the JDK's keep-alive cache.
 *
 * <p>{@code timeout} bounds connecting and each wait for the peer's bytes, not the exchange as a
 * whole as java.net.http's request timeout did: an answer that trickles in may take longer, and
 * writing the body has no timeout (HttpURLConnection has none). {@link #close()} ends them.
 */
final class HttpPost implements AutoCloseable {
  /**
   * What the peer answered.
   *
   * @param body empty when there is none, and for 401 and 407, whose body HttpURLConnection drops
   *     in streaming mode
   * @param retryAfter the Retry-After header, or null
   */
  record Answer(int status, byte[] body, String retryAfter) {}

  /** The send failed because {@link #close()} ended it. */
  static final class ClosedException extends IOException {
    ClosedException(Throwable cause) {
      super("closed", cause);
    }
  }

  private final URL url;
  private final String authorization;
  private final int timeoutMillis;
  private final SSLSocketFactory tls;
  private volatile HttpURLConnection inFlight;
  private volatile boolean closed;

  /**
   * @param authorization the whole header value, never shown
   * @param tls for https connections; null for a plain http URL (nothing of TLS is set up then)
   */
  HttpPost(URL url, String authorization, Duration timeout, SSLSocketFactory tls) {
    this.url = url;
    this.authorization = authorization;
    this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.tls = tls;
  }

  /**
   * Sends {@code body} and reads the whole answer, so that the connection can be reused.
   *
   * @throws java.net.SocketTimeoutException when connecting or an answer takes longer than the
   *     timeout
   * @throws ClosedException when {@link #close()} ended the send
   */
  Answer send(byte[] body) throws IOException {
    throwIfClosed();
    HttpURLConnection c = open(body.length);
    inFlight = c;
    boolean answered = false;
    try {
      c.connect();
      throwIfClosed(); // close() may have come before there was a socket to close
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      throwIfClosed(); // after a disconnect, asking for the answer would connect anew
      int status = c.getResponseCode();
      if (status < 0) {
        throw new IOException("the answer is not HTTP");
      }
      Answer answer = new Answer(status, body(c, status), c.getHeaderField("Retry-After"));
      answered = true;
      return answer;
    } catch (IOException | RuntimeException e) {
      // HttpURLConnection is not thread-safe: after close() disconnected it from another thread,
      // the send may fail with anything, e.g. a NullPointerException from inside the JDK
      if (closed && !(e instanceof ClosedException)) {
        throw new ClosedException(e);
      }
      throw e;
    } finally {
      inFlight = null;
      if (!answered) {
        c.disconnect(); // a connection in an unknown state is not reused
      }
    }
  }

  private void throwIfClosed() throws ClosedException {
    if (closed) {
      throw new ClosedException(null);
    }
  }

  private HttpURLConnection open(int length) throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
    if (tls != null && c instanceof HttpsURLConnection) {
      ((HttpsURLConnection) c).setSSLSocketFactory(tls);
    }
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setFixedLengthStreamingMode(length);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout(timeoutMillis);
    c.setReadTimeout(timeoutMillis);
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty("Content-Encoding", "gzip");
    // what is read back, instead of the JDK's default "text/html, image/gif, image/jpeg, …"
    c.setRequestProperty("Accept", "application/json");
    c.setRequestProperty("Authorization", authorization);
    return c;
  }

  private static byte[] body(HttpURLConnection c, int status) throws IOException {
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      return in.readAllBytes();
    }
  }

  /** The socket factory of https connections, or null for plain http. */
  SSLSocketFactory tls() {
    return tls;
  }

  /**
   * Ends a send in flight by closing its connection, and refuses later ones. A send waiting for its
   * answer ends at once; one that is just between its steps may have HttpURLConnection connect
   * anew, and then ends with its timeout. Idle connections stay in the JDK's keep-alive cache,
   * which closes them after a few seconds.
   */
  @Override
  public void close() {
    closed = true;
    HttpURLConnection c = inFlight;
    if (c != null) {
      c.disconnect();
    }
  }
}
