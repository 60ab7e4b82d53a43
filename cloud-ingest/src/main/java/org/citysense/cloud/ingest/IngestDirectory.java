package org.citysense.cloud.ingest;

import java.util.Optional;

/** The registry as the ingest sees it: which devices exist and which gateway each belongs to. */
public interface IngestDirectory {
  Optional<DeviceRecord> device(String deviceId);
}
