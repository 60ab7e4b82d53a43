package org.citysense.agent.coap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.model.ContentFormat;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Source;

/**
 * One CoAP resource of one device and the points its representation carries.
 *
 * @param uri e.g. {@code coap://192.0.2.7:5683/meter}
 * @param interval the shortest interval of its points, on the agent's clock: how often to poll it
 *     when it is not observed
 */
record CoapResourceLink(
    String deviceId,
    String uri,
    boolean observe,
    ContentFormat format,
    List<Point> points,
    Duration interval) {

  /** Polled points without an interval of their own are read this often. */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  CoapResourceLink {
    points = List.copyOf(points);
  }

  /**
   * The resources of {@code device}, one per distinct resource path of its points.
   *
   * @throws IllegalArgumentException when the device is not reached over CoAP
   */
  static List<CoapResourceLink> of(BoundDevice device) {
    if (!(device.instance().transport() instanceof Transport.Coap coap)) {
      throw new IllegalArgumentException("device " + device.id() + " is not reached over CoAP");
    }
    Map<String, List<Point>> byResource = new LinkedHashMap<>();
    Map<String, Source.Coap> sources = new LinkedHashMap<>();
    for (Point point : device.profile().points()) {
      if (!(point.source() instanceof Source.Coap source)) {
        throw new IllegalArgumentException(
            "device " + device.id() + " has point " + point.name() + " that is not on CoAP");
      }
      byResource.computeIfAbsent(source.resource(), r -> new ArrayList<>()).add(point);
      sources.putIfAbsent(source.resource(), source);
    }
    List<CoapResourceLink> links = new ArrayList<>();
    byResource.forEach(
        (resource, points) -> {
          Source.Coap source = sources.get(resource);
          links.add(
              new CoapResourceLink(
                  device.id(),
                  uri(coap, resource),
                  source.observe(),
                  source.format(),
                  points,
                  interval(device, points)));
        });
    return links;
  }

  private static String uri(Transport.Coap coap, String resource) {
    String host = coap.host().contains(":") ? "[" + coap.host() + "]" : coap.host();
    String path = resource.startsWith("/") ? resource : "/" + resource;
    return "coap://" + host + ":" + coap.port() + path;
  }

  private static Duration interval(BoundDevice device, List<Point> points) {
    return points.stream()
        .map(p -> device.instance().intervals().getOrDefault(p.name(), p.interval()))
        .filter(d -> d != null && !d.isZero() && !d.isNegative())
        .min(Duration::compareTo)
        .orElse(DEFAULT_INTERVAL);
  }
}
