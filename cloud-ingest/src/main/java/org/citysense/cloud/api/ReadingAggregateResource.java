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
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.readings.QueryException;
import org.citysense.cloud.readings.ReadingAggregates;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code GET /api/v1/readings/aggregate?device=&quantity=&from=&to=&every=}: a device's readings of
 * one quantity as min/mean/max/count per time bucket, for charts. Scoped as {@code GET
 * /api/v1/readings}: people within the device's unit, a family member its households' devices.
 */
@Path("/api/v1/readings/aggregate")
@Produces(MediaType.APPLICATION_JSON)
public class ReadingAggregateResource {
  @Inject ReadingAggregates aggregates;
  @Inject Clock clock;
  @Inject DeviceRepository devices;
  @Inject GatewayRepository gateways;
  @Inject Access access;

  @GET
  @Blocking
  public ReadingAggregates.Aggregate aggregate(
      @Context ContainerRequestContext request,
      @QueryParam("device") String device,
      @QueryParam("quantity") String quantity,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("every") String every) {
    ReadingsResource.requireReader(request);
    Principal caller = Authentication.of(request);
    String id = Bodies.requiredQuery("device", device);
    var found = devices.get(id);
    if (caller.isFamily()) {
      if (!found.map(d -> caller.householdIds().contains(d.householdId())).orElse(false)) {
        throw new NotFoundException("device", id);
      }
    } else {
      found
          .flatMap(d -> gateways.get(d.gatewayId()))
          .ifPresent(g -> access.requireRead(caller, g.unitId()));
    }
    try {
      return aggregates.aggregate(id, quantity, from, to, every, clock.instant());
    } catch (QueryException e) {
      throw new ApiException(400, e.getMessage(), e.field());
    }
  }
}
