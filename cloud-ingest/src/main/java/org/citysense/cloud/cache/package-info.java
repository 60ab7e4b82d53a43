/** Bounded, expiring caches for registry lookups on the ingest and rule paths. */
package org.citysense.cloud.cache;
