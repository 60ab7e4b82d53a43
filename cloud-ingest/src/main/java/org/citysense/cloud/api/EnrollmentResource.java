package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.citysense.cloud.auth.EnrollmentService;
import org.citysense.cloud.registry.FieldException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/v1/enrollments}: a one-time code with which a gateway joins a community; by an
 * admin, or an operator whose subtree holds the unit. The code is shown once.
 */
@Path("/api/v1/enrollments")
@Blocking
public class EnrollmentResource {
  /**
   * @param ttlMinutes how long the code may be used; one day when absent
   */
  public record NewCode(String unitId, Integer ttlMinutes) {}

  static final int DEFAULT_TTL_MINUTES = 24 * 60;

  @Inject EnrollmentService enrollment;
  @Inject Access access;

  /** A code lives a week at most: an unused code lying about is a way in. */
  @ConfigProperty(name = "citysense.enrollment.max-ttl-minutes", defaultValue = "10080")
  int maxTtlMinutes;

  @POST
  public Response create(@Context ContainerRequestContext request, NewCode body) {
    NewCode code = Bodies.required(body);
    access.requireWrite(Authentication.of(request), code.unitId());
    int ttl = code.ttlMinutes() == null ? DEFAULT_TTL_MINUTES : code.ttlMinutes();
    if (ttl <= 0) {
      throw new FieldException("ttlMinutes", ttl + " is not a positive number of minutes");
    }
    if (ttl > maxTtlMinutes) {
      throw new FieldException(
          "ttlMinutes", ttl + " is more than the longest lifetime, " + maxTtlMinutes + " minutes");
    }
    return Response.status(201)
        .entity(enrollment.createCode(code.unitId(), Duration.ofMinutes(ttl)))
        .build();
  }
}
