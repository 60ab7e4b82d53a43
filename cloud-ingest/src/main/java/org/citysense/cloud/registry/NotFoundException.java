package org.citysense.cloud.registry;

/** Something addressed by id does not exist; the REST layer answers 404. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String kind, String id) {
    super("no " + kind + " " + id);
  }
}
