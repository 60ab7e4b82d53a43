package org.citysense.cloud.ingest;

/** A batch with more items than the cloud takes at once: answered 413, nothing stored. */
public class BatchTooLargeException extends RuntimeException {
  public BatchTooLargeException(int items, int maxItems) {
    super(
        "the batch has "
            + items
            + " items (readings, status changes and edge events), more than the "
            + maxItems
            + " taken at once; send smaller batches");
  }
}
