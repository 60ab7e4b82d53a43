package org.citysense.cloud.api;

/**
 * The paths that need no bearer token, in one place: {@link Authentication} lets them through and
 * {@link OpenBodyLimit} holds their bodies small. Everything outside {@code /api/v1/} (Quarkus's
 * {@code /q/} health and metrics) is open; within it, enrollment (a gateway has no token yet) and
 * the SMS providers' delivery reports (a shared secret guards them).
 */
final class OpenPaths {
  static final String ENROLL = "/api/v1/gateways/enroll";

  private OpenPaths() {}

  static boolean isOpen(String path) {
    return !path.startsWith("/api/v1/")
        || path.equals(ENROLL)
        || path.startsWith(NotifyCallbackResource.PATH);
  }
}
