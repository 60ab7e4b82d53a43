package org.citysense.cloud.pipeline;

import org.citysense.cloud.ingest.Accepted;

/**
 * One accepted batch in the hand-off log, at its position (1, 2, 3… in the order of acceptance).
 */
public record LogEntry(long position, Accepted accepted) {}
