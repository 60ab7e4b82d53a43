package org.citysense.cloud.overview;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a console page is about, with the registry table it lives in and the column by which its
 * devices and events name it.
 */
public enum PlaceKind {
  STATION("station", "station_id"),
  HOUSEHOLD("household", "household_id"),
  DEVICE("device", "device_id");

  private final String id;
  private final String eventColumn;

  PlaceKind(String id, String eventColumn) {
    this.id = id;
    this.eventColumn = eventColumn;
  }

  /** As in the path and the answer: {@code station}, {@code household}, {@code device}. */
  public String id() {
    return id;
  }

  /** The column of {@code events} that names a place of this kind. */
  String eventColumn() {
    return eventColumn;
  }

  /** The column of {@code devices} that selects this place's devices. */
  String deviceColumn() {
    return this == DEVICE ? "id" : eventColumn;
  }

  public static Optional<PlaceKind> of(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }
}
