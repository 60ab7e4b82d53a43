package org.citysense.cloud.pipeline;

import java.time.Instant;

/**
 * The rules' state as it was once every entry up to {@code position} had been judged and what it
 * made of them stored.
 *
 * @param takenAt the cloud's clock when taken: after a crash, the last moment it is known to have
 *     listened
 * @param state every rule's state ({@link CheckpointCodec})
 */
public record Checkpoint(long position, Instant takenAt, byte[] state) {}
