package org.citysense.cloud.api;

/**
 * The body of every error answer: what was wrong, and the field when one is to blame.
 *
 * @param field e.g. {@code readings[3].quality}; null when the request as a whole is at fault
 */
public record ApiError(int status, String error, String field) {}
