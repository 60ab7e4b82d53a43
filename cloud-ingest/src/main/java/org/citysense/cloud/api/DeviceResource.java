package org.citysense.cloud.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.citysense.cloud.auth.Principal;
import org.citysense.cloud.registry.BulkImport;
import org.citysense.cloud.registry.Device;
import org.citysense.cloud.registry.DeviceRepository;
import org.citysense.cloud.registry.FieldException;
import org.citysense.cloud.registry.Gateway;
import org.citysense.cloud.registry.GatewayRepository;
import org.citysense.cloud.registry.NotFoundException;

/**
 * {@code /api/v1/devices}: devices, each read by one gateway; access follows the gateway's unit.
 * {@code POST /api/v1/devices/import} registers a whole device-instance file, all or nothing.
 */
@Path("/api/v1/devices")
@Blocking
public class DeviceResource {
  @Inject DeviceRepository devices;
  @Inject GatewayRepository gateways;
  @Inject BulkImport bulk;
  @Inject Access access;

  @POST
  public Response create(@Context ContainerRequestContext request, Device body) {
    Device device = Bodies.required(body);
    access.requireWrite(Authentication.of(request), unitOf(device.gatewayId()));
    return Response.status(201).entity(devices.create(device)).build();
  }

  /** The devices read by {@code ?gateway=}. */
  @GET
  public List<Device> list(
      @Context ContainerRequestContext request, @QueryParam("gateway") String gatewayId) {
    access.requireRead(
        Authentication.of(request), unitOf(Bodies.requiredQuery("gateway", gatewayId)));
    return devices.list(gatewayId);
  }

  @GET
  @Path("{id}")
  public Device get(@Context ContainerRequestContext request, @PathParam("id") String id) {
    Device device = devices.get(id).orElseThrow(() -> new NotFoundException("device", id));
    Principal caller = Authentication.of(request);
    if (caller.isFamily()) {
      // a family member reads the devices of its households, and no other
      if (!caller.householdIds().contains(device.householdId())) {
        throw new NotFoundException("device", id);
      }
      return device;
    }
    access.requireRead(caller, unitOf(device.gatewayId()));
    return device;
  }

  /** Replaces the device; needs write access where it is read now and where it will be. */
  @PUT
  @Path("{id}")
  public Device update(
      @Context ContainerRequestContext request, @PathParam("id") String id, Device body) {
    Principal caller = Authentication.of(request);
    Device change = Bodies.required(body);
    Device now = devices.get(id).orElseThrow(() -> new NotFoundException("device", id));
    access.requireWrite(caller, unitOf(now.gatewayId()));
    access.requireWrite(caller, unitOf(change.gatewayId()));
    return devices.update(
        new Device(
            id,
            change.gatewayId(),
            change.profile(),
            change.stationId(),
            change.householdId(),
            change.unitId(),
            change.lat(),
            change.lon(),
            change.place(),
            null));
  }

  /**
   * The body is the YAML text of a device-instance file; every device goes to {@code ?gateway=}.
   * All or nothing: a file error answers 400 with {@code file:line: field: message}.
   */
  @POST
  @Path("import")
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
  public Response importFile(
      @Context ContainerRequestContext request,
      @QueryParam("gateway") String gatewayId,
      @QueryParam("file") @DefaultValue("devices.yaml") String fileName,
      String text) {
    access.requireWrite(
        Authentication.of(request), unitOf(Bodies.requiredQuery("gateway", gatewayId)));
    if (text == null || text.isBlank()) {
      throw new ApiException(400, "the body is empty; send the YAML text of a device file");
    }
    return Response.status(201).entity(bulk.importDevices(gatewayId, fileName, text)).build();
  }

  /** The unit of a gateway named in a request; a missing one is the request's fault. */
  private String unitOf(String gatewayId) {
    if (gatewayId == null) {
      throw new FieldException("gatewayId", "missing; name the gateway that reads the device");
    }
    return gateways
        .get(gatewayId)
        .map(Gateway::unitId)
        .orElseThrow(() -> new FieldException("gatewayId", "no gateway " + gatewayId));
  }
}
