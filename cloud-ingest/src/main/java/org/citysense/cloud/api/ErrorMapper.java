package org.citysense.cloud.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Optional;
import org.citysense.cloud.auth.EnrollmentRefusedException;
import org.citysense.cloud.auth.GatewayAccountsException;
import org.citysense.cloud.events.TransitionException;
import org.citysense.cloud.ingest.BatchTooLargeException;
import org.citysense.cloud.ingest.GatewayMismatchException;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;
import org.citysense.cloud.store.Outage;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.Problem;
import org.citysense.profiles.wire.WireFormatException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Maps every failure to one JSON answer: the status and a message naming the problem, never a stack
 * trace. Unexpected errors are logged here, once.
 */
@Provider
public final class ErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

  /** How long a client should wait before sending again when a store is away. */
  static final int RETRY_AFTER_SECONDS = Outage.RETRY_AFTER_SECONDS;

  /** Which relational database the service uses, for naming it when it is away. */
  @ConfigProperty(name = "citysense.database", defaultValue = "embedded")
  String database = "embedded";

  @Override
  public Response toResponse(Throwable e) {
    if (e instanceof ThrottledException throttled) {
      return Response.fromResponse(
              answer(throttled.status(), throttled.getMessage(), throttled.field()))
          .header("Retry-After", throttled.retryAfterSeconds())
          .build();
    }
    if (e instanceof ApiException api) {
      return answer(api.status(), api.getMessage(), api.field());
    }
    if (e instanceof WireFormatException wire) {
      return answer(400, wire.getMessage(), wire.field().isEmpty() ? null : wire.field());
    }
    if (e instanceof GatewayMismatchException) {
      return answer(403, e.getMessage(), "gatewayId");
    }
    if (e instanceof BatchTooLargeException) {
      return answer(413, e.getMessage(), null);
    }
    Optional<Outage> outage = Outage.of(e, Outage.databaseName(database));
    if (outage.isPresent()) {
      // a store away is the operator's to see, not the client's: no statement, no driver text
      LOG.warnf("%s unavailable: %s", outage.get().store(), e.getMessage());
      return Response.fromResponse(
              answer(503, outage.get().message("send the request again later"), null))
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    }
    if (e instanceof GatewayAccountsException accounts) {
      LOG.warnf("broker accounts: %s", accounts.getMessage());
      return Response.fromResponse(answer(503, accounts.getMessage(), null))
          .header("Retry-After", RETRY_AFTER_SECONDS)
          .build();
    }
    if (e instanceof FieldException field) {
      return answer(400, field.getMessage(), field.field());
    }
    if (e instanceof TransitionException) {
      return answer(409, e.getMessage(), "status");
    }
    if (e instanceof NotFoundException) {
      return answer(404, e.getMessage(), null);
    }
    if (e instanceof InvalidFileException file) {
      List<Problem> problems = file.problems();
      return answer(400, file.getMessage(), problems.isEmpty() ? null : fieldOf(problems.get(0)));
    }
    if (e instanceof EnrollmentRefusedException) {
      return answer(enrollmentStatus(e), e.getMessage(), "code");
    }
    if (e instanceof WebApplicationException web) {
      int status = web.getResponse().getStatus();
      return answer(status, web.getMessage(), null);
    }
    LOG.error("unexpected error", e);
    return answer(500, "internal error; see the service log", null);
  }

  /** Unknown code: 400 (a typo, most likely); used: 409; expired: 410. */
  static int enrollmentStatus(Throwable e) {
    if (e instanceof EnrollmentRefusedException.Used) {
      return 409;
    }
    if (e instanceof EnrollmentRefusedException.Expired) {
      return 410;
    }
    return 400;
  }

  private static String fieldOf(Problem problem) {
    return problem.path().isEmpty() ? null : problem.path();
  }

  private static Response answer(int status, String message, String field) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError(status, message, field))
        .build();
  }
}
