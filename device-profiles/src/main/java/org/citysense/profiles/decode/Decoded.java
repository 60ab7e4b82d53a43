package org.citysense.profiles.decode;

import org.citysense.profiles.model.Reading;

/**
 * The pipeline's result: the reading, and when its quality is not good, why.
 *
 * @param problem what was wrong, for a log line naming device and point; null when good
 */
public record Decoded(Reading reading, String problem) {}
