package org.citysense.cloud.api;

import java.util.regex.Pattern;

/**
 * The only paths a family token may call, checked before any resource: its households' events,
 * devices, readings and contacts, and the console's pages of those households and devices. Each
 * resource checks the household besides; this list keeps a resource added later, and not yet taught
 * about families, out of their reach.
 */
final class FamilyPaths {
  private static final Pattern ALLOWED =
      Pattern.compile(
          "/api/v1/(events(/stream|/[^/]+(/ack|/notifications)?)?"
              + "|readings(/aggregate)?"
              + "|devices/[^/]+"
              + "|households/[^/]+(/contacts(/[^/]+/opt-out)?)?"
              + "|console/places/[^/]+/[^/]+)/?");

  private FamilyPaths() {}

  static boolean allowed(String path) {
    return ALLOWED.matcher(path).matches();
  }
}
