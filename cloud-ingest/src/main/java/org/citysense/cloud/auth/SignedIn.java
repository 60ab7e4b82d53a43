package org.citysense.cloud.auth;

/** A session just opened; {@code secret} goes into the cookie and is stored only as its hash. */
public record SignedIn(Session session, String secret) {}
