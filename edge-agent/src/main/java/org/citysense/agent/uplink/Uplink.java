package org.citysense.agent.uplink;

import org.citysense.profiles.wire.Batch;

/**
 * One way to hand a batch to the cloud: HTTP(S) or MQTT. Implementations send one batch at a time
 * and return only once the cloud has answered for it.
 */
public interface Uplink extends AutoCloseable {
  /**
   * @return the cloud's answer: every reading of the batch is then stored, a duplicate, or rejected
   * @throws UplinkException when the cloud did not answer for the batch (retry later)
   */
  UplinkReply send(Batch batch) throws UplinkException;

  /** Where it sends, for logs and status, e.g. "https://cloud.example/api/v1/ingest". */
  String describe();

  @Override
  void close();
}
