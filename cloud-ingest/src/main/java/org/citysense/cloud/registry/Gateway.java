package org.citysense.cloud.registry;

import java.time.Instant;

/**
 * A community gateway, with what the cloud last saw of it.
 *
 * @param lastContact when it last delivered a batch; null before the first
 * @param clockOffsetMs its clock minus the cloud's at that batch; null before the first
 * @param clockFlagged whether that offset was beyond what the cloud tolerates
 * @param edgeEvicted readings its buffer dropped for the disk budget, as of its latest batch
 * @param edgeRejected readings it refused itself, as of its latest batch
 * @param edgeQuarantined items it set aside after the cloud refused them as a whole batch, as of
 *     its latest batch
 * @param seqStart where its current sequence numbering started; null before an agent told
 * @param numberingRestarts how often it started a new numbering (its data folder was lost)
 * @param numberingRestartedAt when it last did; null if never
 */
public record Gateway(
    String id,
    String unitId,
    String name,
    Instant lastContact,
    Long clockOffsetMs,
    boolean clockFlagged,
    long edgeEvicted,
    long edgeRejected,
    long edgeQuarantined,
    Long seqStart,
    long numberingRestarts,
    Instant numberingRestartedAt) {}
