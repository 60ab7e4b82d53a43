package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.readings.QueryException;
import org.citysense.cloud.readings.ReadingQueries;
import org.citysense.cloud.readings.ReadingView;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.NotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/v1/readings} (and, in {@link StationResource}, {@code GET
 * /api/v1/stations/{id}/latest}): any person's token (viewer, operator, admin) may read, a family
 * member one device of its households at a time; gateway tokens may not. Thin: checks the caller
 * and hands the raw parameters to {@link ReadingQueries}. Paged like the events: {@code offset} and
 * {@code limit}; a page shorter than the limit is the last.
 */
@Path("/api/v1/readings")
@Produces(MediaType.APPLICATION_JSON)
public class ReadingsResource {
  @Inject ReadingQueries queries;
  @Inject Clock clock;
  @Inject DeviceRepository devices;
  @Inject GatewayRepository gateways;
  @Inject Access access;

  @ConfigProperty(name = "citysense.api.readings.default-limit", defaultValue = "1000")
  int defaultLimit;

  @ConfigProperty(name = "citysense.api.readings.max-limit", defaultValue = "10000")
  int maxLimit;

  @GET
  @Blocking
  public List<ReadingView> readings(
      @Context ContainerRequestContext request,
      @QueryParam("device") String device,
      @QueryParam("quantity") String quantity,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("offset") String offset,
      @QueryParam("limit") String limit) {
    requireReader(request);
    Principal caller = Authentication.of(request);
    Paging page = Paging.of(offset, limit, defaultLimit, maxLimit);
    if (caller.isFamily()) {
      // a family reads its households' devices one at a time, and no other
      String id = Bodies.requiredQuery("device", device);
      if (!devices
          .get(id)
          .map(d -> caller.householdIds().contains(d.householdId()))
          .orElse(false)) {
        throw new NotFoundException("device", id);
      }
    } else if (device != null && !device.isBlank()) {
      // an operator reads only the devices of gateways within its unit's subtree
      devices
          .get(device)
          .flatMap(d -> gateways.get(d.gatewayId()))
          .ifPresent(g -> access.requireRead(caller, g.unitId()));
    }
    try {
      return queries.readings(
          device, quantity, from, to, clock.instant(), page.offset(), page.limit());
    } catch (QueryException e) {
      throw new ApiException(400, e.getMessage(), e.field());
    }
  }

  /** People read readings; gateways only send them. */
  static void requireReader(ContainerRequestContext request) {
    Principal caller = Authentication.of(request);
    if (caller.isGateway()) {
      throw new ApiException(403, "a gateway token cannot read readings; use a person's token");
    }
  }
}
