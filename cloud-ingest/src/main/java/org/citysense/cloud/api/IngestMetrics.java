package org.citysense.cloud.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.citysense.cloud.ingest.IngestReply;
import org.citysense.cloud.ingest.Rejection;
import org.citysense.profiles.wire.Batch;

/**
 * Prometheus metrics of the ingest: batches, readings stored and duplicate, readings rejected by
 * reason, gateways with a clock far off, latency.
 */
@ApplicationScoped
public class IngestMetrics {
  @Inject MeterRegistry registry;

  void accepted(Batch batch, IngestReply reply, long nanos) {
    registry.counter("citysense_ingest_batches_total").increment();
    registry
        .counter("citysense_ingest_readings_total", "outcome", "stored")
        .increment(reply.stored());
    registry
        .counter("citysense_ingest_readings_total", "outcome", "duplicate")
        .increment(reply.duplicates());
    for (Rejection r : reply.rejected()) {
      registry.counter("citysense_ingest_rejected_total", "reason", reason(r)).increment();
    }
    if (reply.clockFlagged()) {
      registry
          .counter("citysense_ingest_clock_flagged_total", "gateway", batch.gatewayId())
          .increment();
    }
    Timer.builder("citysense_ingest_latency")
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A low-cardinality reason for the metric label: the message up to its first specific part. */
  private static String reason(Rejection r) {
    String text = r.reason();
    if (text.startsWith("unknown device")) {
      return "unknown_device";
    }
    if (text.contains("is not a device of gateway")) {
      return "foreign_device";
    }
    if (text.startsWith("unknown point")) {
      return "unknown_point";
    }
    return "other";
  }
}
