package org.citysense.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.citysense.cloud.auth.EnrollmentRefusedException;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.NotFoundException;
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
}
