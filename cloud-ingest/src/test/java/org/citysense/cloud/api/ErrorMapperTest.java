package org.citysense.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.citysense.cloud.auth.EnrollmentRefusedException;
import org.citysense.cloud.db.DataAccessException;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;

/** Each refusal of the domain becomes one status, with the field when one is to blame. */
class ErrorMapperTest {
  private final ErrorMapper mapper = new ErrorMapper();

  @Test
  void refusalsOfTheRegistry() {
    var field = mapper.toResponse(new FieldException("name", "missing"));
    assertThat(field.getStatus()).isEqualTo(400);
    assertThat(((ApiError) field.getEntity()).field()).isEqualTo("name");
    assertThat(mapper.toResponse(new NotFoundException("unit", "u1")).getStatus()).isEqualTo(404);
  }

  @Test
  void refusedEnrollmentCodes() {
    assertThat(mapper.toResponse(new EnrollmentRefusedException.Unknown()).getStatus())
        .isEqualTo(400);
    assertThat(mapper.toResponse(new EnrollmentRefusedException.Used("gw-1")).getStatus())
        .isEqualTo(409);
    var expired = mapper.toResponse(new EnrollmentRefusedException.Expired(Instant.EPOCH));
    assertThat(expired.getStatus()).isEqualTo(410);
    assertThat(((ApiError) expired.getEntity()).error()).contains("expired");
  }

  @Test
  void aDatabaseThatCannotBeReachedIs503WithRetryAfterAndItsName() {
    mapper.database = "postgresql";
    for (String state : new String[] {"08001", "08006", "08003", "57P01", "57P02", "57P03"}) {
      Response r =
          mapper.toResponse(
              new DataAccessException(
                  "recording batch b1 of gw-1",
                  new SQLException("FATAL: terminating connection [SELECT secret]", state)));
      assertThat(r.getStatus()).as(state).isEqualTo(503);
      assertThat(r.getHeaderString("Retry-After")).as(state).isEqualTo("30");
      assertThat(((ApiError) r.getEntity()).error())
          .as(state)
          .isEqualTo(
              "storage is unavailable: the database (PostgreSQL) cannot be reached now;"
                  + " send the request again later");
    }
  }

  @Test
  void theConnectionExceptionTypesAndThePoolsAcquisitionTimeoutAreUnavailabilityToo() {
    assertUnavailable(new SQLTransientConnectionException("pool exhausted"));
    // Agroal's wording: no SQLSTATE, a TimeoutException as the cause, or none when all are busy
    assertUnavailable(
        new SQLException(
            "Acquisition timeout while waiting for new connection", new TimeoutException()));
    assertUnavailable(new SQLException("Sorry, acquisition timeout!"));
    SQLException batch = new SQLException("Batch entry 0 was aborted", "XX000");
    batch.setNextException(new SQLException("An I/O error occurred", "08006"));
    assertUnavailable(batch);
  }

  @Test
  void unavailabilityIsFoundAlongTheCauses() {
    Response r =
        mapper.toResponse(
            new CompletionException(
                new IllegalStateException(
                    "lookup failed",
                    new DataAccessException("a lookup", new SQLException("refused", "08001")))));
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(((ApiError) r.getEntity()).error()).contains("the embedded database (H2)");
  }

  @Test
  void aStatementTheDatabaseRefusesStaysA500() {
    for (String state : new String[] {"23505", "42P01", "22001", "40001"}) {
      Response r =
          mapper.toResponse(new DataAccessException("a write", new SQLException("no", state)));
      assertThat(r.getStatus()).as(state).isEqualTo(500);
      assertThat(r.getHeaderString("Retry-After")).as(state).isNull();
    }
    assertThat(mapper.toResponse(new SQLException("no state, no timeout")).getStatus())
        .isEqualTo(500);
  }

  @Test
  void aReadingStoreAwayIsNamedWithoutItsAddress() {
    Response r =
        mapper.toResponse(
            new StoreUnavailableException(
                "the reading store (InfluxDB)",
                "InfluxDB at http://10.0.0.7:8086: cannot store 2 readings",
                null));
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(r.getHeaderString("Retry-After")).isEqualTo("30");
    assertThat(((ApiError) r.getEntity()).error())
        .isEqualTo(
            "storage is unavailable: the reading store (InfluxDB) cannot be reached now;"
                + " send the request again later");
  }

  private void assertUnavailable(Throwable cause) {
    SQLException sql = (SQLException) cause;
    Response r = mapper.toResponse(new DataAccessException("a read", sql));
    assertThat(r.getStatus()).as(sql.getMessage()).isEqualTo(503);
    assertThat(r.getHeaderString("Retry-After")).as(sql.getMessage()).isEqualTo("30");
  }
}
