package org.citysense.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the HTTP/1.1 requests a client sent on one connection (as {@link TcpRelay} records them):
 * request line, headers, and a body of {@code Content-Length} or chunked encoding. A request cut
 * short at the end of the bytes is left out.
 */
public final class HttpRequests {
  private HttpRequests() {}

  /**
   * One request.
   *
   * @param offset where it begins in the connection's bytes
   * @param headers names in lower case
   */
  public record Request(
      int offset, String method, String path, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** The complete requests in {@code bytes}, in order. */
  public static List<Request> parse(byte[] bytes) {
    List<Request> requests = new ArrayList<>();
    int pos = 0;
    while (pos < bytes.length) {
      int headEnd = indexOf(bytes, pos, "\r\n\r\n");
      if (headEnd < 0) {
        break;
      }
      String head = new String(bytes, pos, headEnd - pos, StandardCharsets.ISO_8859_1);
      String[] lines = head.split("\r\n");
      String[] requestLine = lines[0].split(" ");
      if (requestLine.length < 3 || !requestLine[2].startsWith("HTTP/1.")) {
        throw new IllegalArgumentException("not an HTTP/1.x request line: " + lines[0]);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).strip());
        }
      }
      int bodyStart = headEnd + 4;
      byte[] body;
      int next;
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        Chunked chunked = dechunk(bytes, bodyStart);
        if (chunked == null) {
          break;
        }
        body = chunked.body;
        next = chunked.end;
      } else {
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (bodyStart + length > bytes.length) {
          break;
        }
        body = java.util.Arrays.copyOfRange(bytes, bodyStart, bodyStart + length);
        next = bodyStart + length;
      }
      requests.add(new Request(pos, requestLine[0], requestLine[1], headers, body));
      pos = next;
    }
    return requests;
  }

  private record Chunked(byte[] body, int end) {}

  private static Chunked dechunk(byte[] bytes, int start) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int pos = start;
    while (true) {
      int lineEnd = indexOf(bytes, pos, "\r\n");
      if (lineEnd < 0) {
        return null;
      }
      String size = new String(bytes, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
      int semicolon = size.indexOf(';');
      int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
      pos = lineEnd + 2;
      if (n == 0) {
        int end = indexOf(bytes, pos, "\r\n"); // no trailers expected: an empty line
        return end < 0 ? null : new Chunked(out.toByteArray(), end + 2);
      }
      if (pos + n + 2 > bytes.length) {
        return null;
      }
      out.write(bytes, pos, n);
      pos += n + 2;
    }
  }

  private static int indexOf(byte[] bytes, int from, String what) {
    byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
    outer:
    for (int i = from; i <= bytes.length - w.length; i++) {
      for (int j = 0; j < w.length; j++) {
        if (bytes[i + j] != w[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
