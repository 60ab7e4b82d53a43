package org.citysense.profiles.load;

/**
 * One thing wrong (or worth a hint) in a file, located for a person: {@code file:line: path:
 * message}, e.g. {@code pm25-rs485.yaml:14: points[2].wordOrder: "CBDA" is not one of ABCD, CDAB,
 * BADC, DCBA}.
 *
 * @param line 1-based line number
 * @param path the field, as {@code points[2].wordOrder}; empty for the whole file
 */
public record Problem(String file, int line, String path, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
