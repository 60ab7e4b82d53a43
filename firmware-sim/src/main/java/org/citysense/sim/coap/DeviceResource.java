package org.citysense.sim.coap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.model.ContentFormat;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.ServedValues;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.device.Snapshot;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * One CoAP resource of one simulated device, e.g. a water meter's {@code /meter}: the points the
 * profile puts on that path, as one JSON document or one text/plain value.
 */
final class DeviceResource extends CoapResource {
  private final String path;
  private final SimDevice device;
  private final List<Point> points;
  private final ContentFormat format;

  private DeviceResource(
      String path, SimDevice device, List<Point> points, ContentFormat format, boolean observe) {
    super(path.substring(path.lastIndexOf('/') + 1));
    this.path = path;
    this.device = device;
    this.points = List.copyOf(points);
    this.format = format;
    setObservable(observe);
    getAttributes().setTitle(device.id());
    getAttributes().addResourceType(device.profile().id());
    getAttributes().addContentType(format.number());
    if (observe) {
      getAttributes().setObservable();
    }
  }

  /** The resources {@code device}'s profile describes, one per path. */
  static List<DeviceResource> of(SimDevice device) {
    Map<String, List<Point>> byPath = new LinkedHashMap<>();
    for (Point point : device.profile().points()) {
      if (!(point.source() instanceof Source.Coap coap)) {
        throw new IllegalArgumentException(
            "device " + device.id() + " has point " + point.name() + " that is not on CoAP");
      }
      byPath.computeIfAbsent(normalize(coap.resource()), p -> new ArrayList<>()).add(point);
    }
    List<DeviceResource> resources = new ArrayList<>();
    byPath.forEach((path, points) -> resources.add(build(device, path, points)));
    return resources;
  }

  private static DeviceResource build(SimDevice device, String path, List<Point> points) {
    Source.Coap first = (Source.Coap) points.get(0).source();
    for (Point point : points) {
      Source.Coap coap = (Source.Coap) point.source();
      if (coap.format() != first.format() || coap.observe() != first.observe()) {
        throw new IllegalArgumentException(
            "device " + device.id() + ": points on /" + path + " disagree on format or observe");
      }
    }
    if (first.format() == ContentFormat.TEXT_PLAIN && points.size() > 1) {
      throw new IllegalArgumentException(
          "device " + device.id() + ": text/plain resource /" + path + " carries several points");
    }
    return new DeviceResource(path, device, points, first.format(), first.observe());
  }

  private static String normalize(String resource) {
    String path = resource.strip();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      throw new IllegalArgumentException("empty CoAP resource path");
    }
    return path;
  }

  /** The path without a leading slash, as in a request's Uri-Path options. */
  String path() {
    return path;
  }

  SimDevice device() {
    return device;
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    exchange.respond(ResponseCode.CONTENT, payload(device.snapshot()), format.number());
  }

  /** The representation of {@code snapshot}, with garbage where a fault says so. */
  String payload(Snapshot snapshot) {
    Map<String, Value> served = ServedValues.of(points, snapshot);
    if (format == ContentFormat.APPLICATION_JSON) {
      return Encoder.json(points, served).toString();
    }
    Point point = points.get(0);
    Value value = served.get(point.name());
    return value == null ? "" : Encoder.text(point, value);
  }
}
