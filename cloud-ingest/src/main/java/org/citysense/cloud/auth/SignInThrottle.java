package org.citysense.cloud.auth;

/**
 * Failed console sign-ins per client address, counted like refused enrollment codes (see {@link
 * EnrollmentThrottle}) but apart from them: guessing passwords does not hold up enrollment.
 */
public record SignInThrottle(EnrollmentThrottle failures) {}
