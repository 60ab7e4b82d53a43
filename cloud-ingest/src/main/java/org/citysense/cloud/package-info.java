/**
 * The cloud service: ingest of gateway batches, reading storage, registry, rules, events and
 * notifications. Domain logic in plain Java; Quarkus only wires it and serves REST.
 */
package org.citysense.cloud;
