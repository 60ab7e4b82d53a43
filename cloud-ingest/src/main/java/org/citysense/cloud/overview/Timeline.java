package org.citysense.cloud.overview;

import java.util.List;
import java.util.Map;

/**
 * An event's story for its detail page: every step in time order, and the rule's explanation.
 *
 * @param summary the event's own words
 * @param details what the rule found, as the event keeps it
 * @param rule the rule's parameters in the rule set in force, null when it is no longer there
 * @param compared what the readings were compared with, for the chart
 */
public record Timeline(
    long eventId,
    List<TimelineEntry> entries,
    String summary,
    Map<String, Object> details,
    Map<String, Object> rule,
    Comparison compared) {}
