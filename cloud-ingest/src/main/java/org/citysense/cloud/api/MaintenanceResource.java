package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.events.Maintenance;
import org.citysense.cloud.events.MaintenanceService;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.NotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /api/v1/devices/{id}/maintenance}: while a technician tests a device, its events are
 * marked as tests and reach no family.
 */
@Path("/api/v1/devices/{id}/maintenance")
@Blocking
public class MaintenanceResource {
  /**
   * @param until when maintenance ends by itself, e.g. 2026-05-01T10:00:00Z
   */
  public record Start(String until, String note) {}

  @Inject MaintenanceService maintenance;
  @Inject DeviceRepository devices;
  @Inject GatewayRepository gateways;
  @Inject Access access;
  @Inject Clock clock;

  /**
   * The longest maintenance window: a detector in maintenance pages nobody, so a window "until
   * 9999" would silence it for good.
   */
  @ConfigProperty(name = "citysense.maintenance.max-length", defaultValue = "P7D")
  Duration maxLength;

  @POST
  public Response start(
      @Context ContainerRequestContext request, @PathParam("id") String id, Start body) {
    Principal caller = Authentication.of(request);
    access.requireWrite(caller, unitOf(id));
    Start start = Bodies.required(body);
    var until = EventResource.instant("until", start.until());
    if (until == null) {
      throw new FieldException("until", "missing; say when maintenance ends");
    }
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      throw new FieldException("until", "must be in the future (now " + now + ")");
    }
    if (until.isAfter(now.plus(maxLength))) {
      throw new FieldException(
          "until",
          "at most "
              + (maxLength.toHoursPart() == 0 && maxLength.toMinutesPart() == 0
                  ? maxLength.toDays() + " days"
                  : maxLength.toString())
              + " ahead (until "
              + now.plus(maxLength)
              + "; citysense.maintenance.max-length); end maintenance and start it again to"
              + " go on");
    }
    Maintenance m = maintenance.start(id, until, caller.subject(), start.note());
    return Response.status(201).entity(m).build();
  }

  @GET
  public Maintenance get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    access.requireRead(Authentication.of(request), unitOf(id));
    return maintenance
        .current(id)
        .orElseThrow(() -> new ApiException(404, "device " + id + " is not in maintenance"));
  }

  @DELETE
  public Response end(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Principal caller = Authentication.of(request);
    access.requireWrite(caller, unitOf(id));
    maintenance.end(id, caller.subject());
    return Response.noContent().build();
  }

  /** As for the device's other changes: the unit of the gateway that reads it. */
  private String unitOf(String deviceId) {
    Device d = devices.get(deviceId).orElseThrow(() -> new NotFoundException("device", deviceId));
    return gateways.get(d.gatewayId()).orElseThrow().unitId();
  }
}
