package org.citysense.cloud.db;

import java.sql.SQLException;

/** The relational store failed; the REST layer answers 503. */
public class DataAccessException extends RuntimeException {
  public DataAccessException(String what, SQLException cause) {
    super(what + " failed: " + cause.getMessage(), cause);
  }
}
