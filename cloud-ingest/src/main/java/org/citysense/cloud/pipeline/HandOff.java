package org.citysense.cloud.pipeline;

import java.util.function.Consumer;
import org.citysense.cloud.ingest.IngestService;

/**
 * The seam between accepting a batch and evaluating rules. The ingest answers the gateway as soon
 * as the readings are stored; what happens next runs behind this hand-off. In one process it is a
 * bounded in-memory queue; a deployment that outgrows one machine can put Apache Kafka here.
 */
public interface HandOff extends Consumer<IngestService.Accepted>, AutoCloseable {

  /** Registers a stage that receives every accepted batch, in order, on the hand-off's thread. */
  void subscribe(Consumer<IngestService.Accepted> stage);

  @Override
  void close();
}
