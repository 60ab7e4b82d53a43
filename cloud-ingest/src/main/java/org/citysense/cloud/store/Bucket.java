package org.citysense.cloud.store;

import java.time.Instant;

/**
 * The numeric readings of one series within one time bucket.
 *
 * @param t the bucket's start, a multiple of its width since the epoch
 * @param count how many numeric readings fell in it (at least one: empty buckets are left out)
 */
public record Bucket(Instant t, double min, double mean, double max, long count) {}
