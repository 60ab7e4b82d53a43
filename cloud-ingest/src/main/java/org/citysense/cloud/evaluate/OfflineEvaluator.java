package org.citysense.cloud.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.citysense.cloud.rules.OfflineRule;
import org.citysense.cloud.rules.Rule;
import org.citysense.cloud.rules.RuleStatus;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.wire.DeviceState;
import org.citysense.profiles.wire.StatusChange;

/**
 * Silence, as connectivity events for the unit's technicians.
 *
 * <ul>
 *   <li>A device is alive at the time of each reading that is not {@link Quality#COMM_ERROR} (a
 *       comm_error reading proves the gateway talks, not that the device answers). Its interval is
 *       estimated as the smallest positive gap among the last {@value #GAPS} gaps between its
 *       distinct reading times: the minimum ignores the long gaps left by lost readings. On {@link
 *       #tick} a device is silent when now − last seen &gt; max(3 × interval, minSilence), or
 *       minSilence while its interval is unknown. Its profile's longest point interval, when it has
 *       one, is a floor under the estimate: a device that reports on events and in a daily
 *       heartbeat (an alarm button) sends its press and release a second apart, which says nothing
 *       of how often it must be heard from. Devices never heard from are not watched (the evaluator
 *       learns devices, and their gateway, from their readings). A device removed from the registry
 *       is retired: it is forgotten instead of raised.
 *   <li>A gateway is silent when now − its last contact &gt; gatewaySilence: one gateway event that
 *       says how many devices are behind it, and no silence events for those devices while it
 *       lasts. When it returns, its devices' silence is counted from the return at the earliest, so
 *       that the backlog it replays has time to arrive before anything is judged.
 *   <li>A device its gateway reports {@link DeviceState#OFFLINE} is raised at once and stays raised
 *       until it answers: a reading at or after the report, or an {@link DeviceState#ONLINE}.
 * </ul>
 *
 * Ticks only raise; clears come from readings, gateway contact and ONLINE reports. "now" in ticks
 * and contacts is the cloud's clock; "last seen" is the readings' event time.
 *
 * <p>What it knows of every device and gateway survives a restart ({@link Stateful}), and the time
 * the cloud itself was down ({@link #resumed}) is not counted as anyone's silence: a gateway that
 * died while the cloud was away is reported once its silence while the cloud listened passes the
 * limit, and the others, which come back within seconds, are not reported at all.
 */
public final class OfflineEvaluator implements Evaluator, Stateful<OfflineEvaluator.Saved> {
  static final int GAPS = 8;
  private static final int MAX_NOTES = 5;

  private final OfflineRule rule;
  private final RuleDirectory directory;
  private final Function<String, Duration> declaredInterval;
  private final Map<String, DeviceWatch> devices = new HashMap<>();
  private final Map<String, GatewayWatch> gateways = new HashMap<>();
  private final Deque<String> notes = new ArrayDeque<>();
  private final List<Pause> pauses = new ArrayList<>();
  private long evaluated;
  private long signalled;

  /**
   * @param declaredInterval a profile id's longest point interval, or null when unknown
   */
  public OfflineEvaluator(
      OfflineRule rule, RuleDirectory directory, Function<String, Duration> declaredInterval) {
    this.rule = rule;
    this.directory = directory;
    this.declaredInterval = declaredInterval;
  }

  @Override
  public Rule rule() {
    return rule;
  }

  @Override
  public void observe(Observation o, SignalSink out) {
    evaluated++;
    if (o.device() == null || o.quality() == Quality.COMM_ERROR) {
      return;
    }
    DeviceWatch d = devices.computeIfAbsent(o.device().deviceId(), DeviceWatch::new);
    d.context = o.device();
    boolean newer = d.reading(o.at());
    boolean answersReport = d.offlineSince == null || !o.at().isBefore(d.offlineSince);
    if (d.raised && (newer || d.offlineSince != null) && answersReport) {
      clear(d, o.at(), "device " + d.context.deviceId() + " answers again", out);
    }
  }

  @Override
  public void gatewayContact(String gatewayId, Instant now, SignalSink out) {
    GatewayWatch g = gateways.computeIfAbsent(gatewayId, id -> new GatewayWatch());
    g.lastContact = g.lastContact == null || now.isAfter(g.lastContact) ? now : g.lastContact;
    if (g.raised) {
      g.raised = false;
      g.returnedAt = now;
      note("gateway " + gatewayId + " is in contact again at " + now);
      out.accept(
          gatewaySignal(
              Signal.Kind.CLEAR,
              gatewayId,
              now,
              "gateway " + gatewayId + " is in contact again",
              null,
              details(g, gatewayId, behind(gatewayId))));
    }
  }

  @Override
  public void statusChange(DeviceContext device, StatusChange change, SignalSink out) {
    String id = device != null ? device.deviceId() : change.deviceId();
    Instant at = Instant.ofEpochMilli(change.ts());
    if (change.state() == DeviceState.OFFLINE) {
      DeviceWatch d = devices.computeIfAbsent(id, DeviceWatch::new);
      if (device != null) {
        d.context = device;
      }
      String summary = "gateway reports device " + id + " offline: " + change.reason();
      if (!d.raised) {
        note(summary + " at " + at);
      }
      d.raised = true;
      d.offlineSince = at;
      signalled++;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reason", String.valueOf(change.reason()));
      details.put("reportedAt", at.toString());
      if (d.lastSeen != null) {
        details.put("lastSeen", d.lastSeen.toString());
      }
      out.accept(deviceSignal(Signal.Kind.RAISE, id, d.context, at, summary, null, details));
    } else {
      DeviceWatch d = devices.get(id);
      if (d == null) {
        return;
      }
      if (device != null) {
        d.context = device;
      }
      d.alive(at);
      if (d.raised) {
        clear(d, at, "gateway reports device " + id + " online: " + change.reason(), out);
      }
    }
  }

  @Override
  public void tick(Instant now, SignalSink out) {
    Map<String, Integer> behind = new HashMap<>();
    for (DeviceWatch d : devices.values()) {
      if (d.context != null && d.context.gatewayId() != null) {
        behind.merge(d.context.gatewayId(), 1, Integer::sum);
      }
    }
    for (Iterator<Map.Entry<String, GatewayWatch>> it = gateways.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, GatewayWatch> e = it.next();
      GatewayWatch g = e.getValue();
      Duration silent = Duration.between(g.lastContact, now);
      if (heard(g.lastContact, now).compareTo(rule.gatewaySilence()) > 0) {
        if (!g.raised && directory.gatewayUnit(e.getKey()).isEmpty()) {
          it.remove(); // removed from the registry: retired, not silent
          continue;
        }
        int count = behind.getOrDefault(e.getKey(), 0);
        String summary =
            String.format(
                Locale.ROOT,
                "gateway %s silent since %s (%s), %d device%s behind it",
                e.getKey(),
                g.lastContact,
                text(silent),
                count,
                count == 1 ? "" : "s");
        if (!g.raised) {
          note(summary);
        }
        g.raised = true;
        signalled++;
        out.accept(
            gatewaySignal(
                Signal.Kind.RAISE,
                e.getKey(),
                now,
                summary,
                (double) silent.toSeconds(),
                details(g, e.getKey(), count)));
      }
    }
    for (Iterator<DeviceWatch> it = devices.values().iterator(); it.hasNext(); ) {
      DeviceWatch d = it.next();
      if (d.lastSeen == null || d.context == null) {
        continue;
      }
      GatewayWatch g = d.context.gatewayId() == null ? null : gateways.get(d.context.gatewayId());
      if (g != null && g.raised) {
        continue;
      }
      Instant since =
          g != null && g.returnedAt != null && g.returnedAt.isAfter(d.lastSeen)
              ? g.returnedAt
              : d.lastSeen;
      Duration declared = declaredInterval.apply(d.context.profile());
      Duration limit = d.silenceLimit(rule.minSilence(), declared);
      if (heard(since, now).compareTo(limit) > 0) {
        if (!d.raised && directory.device(d.id).isEmpty()) {
          it.remove(); // removed from the registry: retired, not silent
          continue;
        }
        Duration quiet = Duration.between(d.lastSeen, now);
        String summary =
            String.format(
                Locale.ROOT,
                "device %s silent since %s: no reading for %s (limit %s)",
                d.id,
                d.lastSeen,
                text(quiet),
                text(limit));
        if (!d.raised) {
          note(summary);
        }
        d.raised = true;
        signalled++;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("lastSeen", d.lastSeen.toString());
        details.put("silentSeconds", quiet.toSeconds());
        details.put("limitSeconds", limit.toSeconds());
        Duration interval = d.interval(declared);
        if (interval != null) {
          details.put("intervalSeconds", interval.toMillis() / 1000.0);
        }
        if (d.context.gatewayId() != null) {
          details.put("gatewayId", d.context.gatewayId());
        }
        out.accept(
            deviceSignal(
                Signal.Kind.RAISE,
                d.id,
                d.context,
                now,
                summary,
                (double) quiet.toSeconds(),
                details));
      }
    }
  }

  @Override
  public RuleStatus status() {
    return new RuleStatus(rule.id(), rule.type(), evaluated, signalled, 0, List.copyOf(notes));
  }

  /** How long the cloud listened between {@code from} and {@code to}: the pauses left out. */
  private Duration heard(Instant from, Instant to) {
    Duration heard = Duration.between(from, to);
    for (Pause p : pauses) {
      Instant lo = p.from().isAfter(from) ? p.from() : from;
      Instant hi = p.to().isBefore(to) ? p.to() : to;
      if (lo.isBefore(hi)) {
        heard = heard.minus(Duration.between(lo, hi));
      }
    }
    return heard;
  }

  @Override
  public void resumed(Instant stoppedAt, Instant startedAt) {
    if (stoppedAt.isBefore(startedAt)) {
      pauses.add(new Pause(stoppedAt, startedAt));
    }
    // no silence limit is longer than a week: older pauses no longer matter
    pauses.removeIf(p -> p.to().isBefore(startedAt.minus(Duration.ofDays(8))));
  }

  /** The cloud was not listening from {@code from} to {@code to}. */
  public record Pause(Instant from, Instant to) {}

  /**
   * What survives a restart: every device and gateway watched (with its last sign of life and
   * whether it is raised) and the cloud's own recent pauses.
   */
  public record Saved(List<SavedDevice> devices, List<SavedGateway> gateways, List<Pause> pauses) {}

  /**
   * @param gapNanos the recent gaps between readings, oldest first
   */
  public record SavedDevice(
      String deviceId,
      DeviceContext context,
      Instant lastSeen,
      Instant lastReading,
      List<Long> gapNanos,
      boolean raised,
      Instant offlineSince) {}

  public record SavedGateway(
      String gatewayId, Instant lastContact, boolean raised, Instant returnedAt) {}

  /**
   * Watches every gateway from its last contact in the registry and every device from its newest
   * stored reading, and takes the subjects of its open events as raised.
   */
  @Override
  public void seed(Seed seed) {
    seed.gatewayContacts()
        .forEach(
            (id, at) -> gateways.computeIfAbsent(id, k -> new GatewayWatch()).lastContact = at);
    seed.lastReadings()
        .forEach(
            (device, at) -> {
              DeviceWatch d = devices.computeIfAbsent(device.deviceId(), DeviceWatch::new);
              d.context = device;
              d.reading(at);
            });
    for (SubjectKey subject : seed.raised(rule.id())) {
      if (subject.kind().equals("gateway") && gateways.containsKey(subject.id())) {
        gateways.get(subject.id()).raised = true;
      } else if (subject.kind().equals("device")) {
        devices.computeIfAbsent(subject.id(), DeviceWatch::new).raised = true;
      }
    }
  }

  @Override
  public Class<Saved> stateType() {
    return Saved.class;
  }

  @Override
  public Saved state() {
    List<SavedDevice> savedDevices = new ArrayList<>(devices.size());
    for (DeviceWatch d : devices.values()) {
      savedDevices.add(
          new SavedDevice(
              d.id, d.context, d.lastSeen, d.lastReading, d.gaps(), d.raised, d.offlineSince));
    }
    List<SavedGateway> savedGateways = new ArrayList<>(gateways.size());
    gateways.forEach(
        (id, g) -> savedGateways.add(new SavedGateway(id, g.lastContact, g.raised, g.returnedAt)));
    return new Saved(savedDevices, savedGateways, List.copyOf(pauses));
  }

  @Override
  public void restore(Saved saved) {
    devices.clear();
    for (SavedDevice s : saved.devices()) {
      DeviceWatch d = new DeviceWatch(s.deviceId());
      d.context = s.context();
      d.lastSeen = s.lastSeen();
      d.lastReading = s.lastReading();
      for (long gap : s.gapNanos()) {
        d.gap(gap);
      }
      d.raised = s.raised();
      d.offlineSince = s.offlineSince();
      devices.put(d.id, d);
    }
    gateways.clear();
    for (SavedGateway s : saved.gateways()) {
      GatewayWatch g = new GatewayWatch();
      g.lastContact = s.lastContact();
      g.raised = s.raised();
      g.returnedAt = s.returnedAt();
      gateways.put(s.gatewayId(), g);
    }
    pauses.clear();
    pauses.addAll(saved.pauses());
  }

  private void clear(DeviceWatch d, Instant at, String summary, SignalSink out) {
    d.raised = false;
    d.offlineSince = null;
    note(summary + " at " + at);
    Map<String, Object> details = new LinkedHashMap<>();
    if (d.lastSeen != null) {
      details.put("lastSeen", d.lastSeen.toString());
    }
    out.accept(deviceSignal(Signal.Kind.CLEAR, d.id, d.context, at, summary, null, details));
  }

  private int behind(String gatewayId) {
    int n = 0;
    for (DeviceWatch d : devices.values()) {
      if (d.context != null && gatewayId.equals(d.context.gatewayId())) {
        n++;
      }
    }
    return n;
  }

  /** A duration for people: "45 s", "20 min", "3 h 5 min". */
  static String text(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    long m = (s / 60) % 60;
    return s / 3600 + " h" + (m == 0 ? "" : " " + m + " min");
  }

  private static Map<String, Object> details(GatewayWatch g, String gatewayId, int devices) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("gatewayId", gatewayId);
    details.put("lastContact", g.lastContact.toString());
    details.put("devices", devices);
    return details;
  }

  private Signal deviceSignal(
      Signal.Kind kind,
      String deviceId,
      DeviceContext device,
      Instant at,
      String summary,
      Double value,
      Map<String, Object> details) {
    String unitId = device != null ? device.unitId() : null;
    String stationId = device != null ? device.stationId() : null;
    return new Signal(
        kind,
        rule.id(),
        rule.type(),
        rule.severity(),
        Category.CONNECTIVITY,
        rule.autoResolve(),
        SubjectKey.device(deviceId),
        device,
        stationId,
        unitId,
        at,
        value,
        summary,
        details,
        false,
        List.of());
  }

  private Signal gatewaySignal(
      Signal.Kind kind,
      String gatewayId,
      Instant at,
      String summary,
      Double value,
      Map<String, Object> details) {
    return new Signal(
        kind,
        rule.id(),
        rule.type(),
        rule.severity(),
        Category.CONNECTIVITY,
        rule.autoResolve(),
        SubjectKey.gateway(gatewayId),
        null,
        null,
        directory.gatewayUnit(gatewayId).orElse(null),
        at,
        value,
        summary,
        details,
        false,
        List.of());
  }

  /** Notes the transitions (raised, cleared), not the repeats. */
  private void note(String note) {
    notes.addFirst(note);
    while (notes.size() > MAX_NOTES) {
      notes.removeLast();
    }
  }
}
