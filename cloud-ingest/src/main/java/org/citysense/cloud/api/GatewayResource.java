package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.citysense.cloud.auth.Enrolled;
import org.citysense.cloud.auth.EnrollmentRefusedException;
import org.citysense.cloud.auth.EnrollmentService;
import org.citysense.cloud.auth.EnrollmentThrottle;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.Gateway;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code /api/v1/gateways}: community gateways, their enrollment with a one-time code (no token),
 * and the registration of devices by a gateway itself.
 */
@Path("/api/v1/gateways")
@Blocking
public class GatewayResource {
  /** A gateway made by hand; enrolled gateways are made from their code. */
  public record NewGateway(String unitId, String name) {}

  /** An enrollment code to exchange, and the name the gateway gives itself. */
  public record Enrollment(String code, String name) {}

  @Inject GatewayRepository gateways;
  @Inject DeviceRepository devices;
  @Inject EnrollmentService enrollment;
  @Inject EnrollmentThrottle throttle;
  @Inject Access access;

  @POST
  public Response create(@Context ContainerRequestContext request, NewGateway body) {
    NewGateway gateway = Bodies.required(body);
    access.requireWrite(Authentication.of(request), gateway.unitId());
    return Response.status(201).entity(gateways.create(gateway.unitId(), gateway.name())).build();
  }

  /** The gateways directly in {@code ?unit=}. */
  @GET
  public List<Gateway> list(
      @Context ContainerRequestContext request, @QueryParam("unit") String unitId) {
    access.requireRead(Authentication.of(request), Bodies.requiredQuery("unit", unitId));
    return gateways.list(unitId);
  }

  @GET
  @Path("{id}")
  public Gateway get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Gateway gateway = gateways.get(id).orElseThrow(() -> new NotFoundException("gateway", id));
    access.requireRead(Authentication.of(request), gateway.unitId());
    return gateway;
  }

  /**
   * Exchanges a one-time code for the gateway's id and its token, shown once. No token needed.
   * Unknown code: 400; used: 409; expired: 410; too many refused codes from the caller's address:
   * 429 with Retry-After.
   */
  @POST
  @Path("enroll")
  public Response enroll(@Context HttpServerRequest request, Enrollment body) {
    String address = request.remoteAddress().hostAddress();
    throttle
        .waitFor(address)
        .ifPresent(
            wait -> {
              throw new ThrottledException(
                  "too many refused enrollment codes from this address; try again in "
                      + wait.toSeconds()
                      + " s",
                  "code",
                  wait);
            });
    Enrollment e = Bodies.required(body);
    try {
      Enrolled enrolled = enrollment.enroll(e.code(), e.name());
      return Response.status(201).entity(enrolled).build();
    } catch (EnrollmentRefusedException refused) {
      throttle.failed(address);
      throw refused;
    }
  }

  /**
   * Registers a device of gateway {@code id}: by that gateway's own token, or by a person who may
   * write in the gateway's unit. Another gateway's token: 403.
   */
  @POST
  @Path("{id}/devices")
  public Response register(
      @Context ContainerRequestContext request, @PathParam("id") String id, Device body) {
    Principal caller = Authentication.of(request);
    Device device = Bodies.required(body);
    if (caller.isGateway()) {
      if (!caller.subject().equals(id)) {
        throw new ApiException(
            403,
            "gateway " + caller.subject() + " may register devices for itself only, not " + id);
      }
    } else {
      Gateway gateway = gateways.get(id).orElseThrow(() -> new NotFoundException("gateway", id));
      access.requireWrite(caller, gateway.unitId());
    }
    Device created =
        devices.create(
            new Device(
                device.id(),
                id,
                device.profile(),
                device.stationId(),
                device.householdId(),
                device.unitId(),
                device.lat(),
                device.lon(),
                device.place(),
                null));
    return Response.status(201).entity(created).build();
  }
}
