package org.citysense.agent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citysense.agent.alarm.EdgeAlarms;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.driver.BoundDevice;
import org.citysense.agent.driver.DriverFactory;
import org.citysense.agent.driver.ProblemLog;
import org.citysense.agent.driver.PushDriver;
import org.citysense.agent.normalize.Normalizer;
import org.citysense.agent.normalize.SequenceStore;
import org.citysense.agent.normalize.StuckDetector;
import org.citysense.agent.pipeline.DeviceHealth;
import org.citysense.agent.pipeline.Emitter;
import org.citysense.agent.pipeline.LastValues;
import org.citysense.agent.pipeline.ReadHandler;
import org.citysense.agent.poll.Bus;
import org.citysense.agent.poll.Scheduler;
import org.citysense.agent.sink.ReadingSink;
import org.citysense.agent.status.StatusServer;
import org.citysense.agent.time.Ticker;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent, assembled from its stages: drivers per bus and per push group, the scheduler,
 * the normalizer, the edge alarms, the emitter and the sink, and the status endpoint. Knows no
 * protocol itself; the {@link DriverFactory} does.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final Map<String, Bus> buses = new LinkedHashMap<>();
  private final Map<String, Bus> busByDevice = new LinkedHashMap<>();
  private final List<PushDriver> pushDrivers = new ArrayList<>();
  private final Scheduler scheduler;
  private final StatusServer status;
  private final ReadHandler handler;
  private final EdgeAlarms alarms;

  /**
   * An agent with its own sequence store in the config's data folder.
   *
   * @param sink where readings go; the caller owns it and closes it after the agent
   */
  public Agent(
      AgentConfig config,
      ProfileCatalog profiles,
      Clock clock,
      DriverFactory drivers,
      ReadingSink sink) {
    this(config, profiles, clock, drivers, sink, new SequenceStore(config.dataDir()));
  }

  /**
   * An agent numbering its readings from {@code sequence}, which outlives it: when the config is
   * reloaded, the next agent goes on from the same store, sink and buffer.
   *
   * @param sink where readings go; the caller owns it and closes it after the agent
   */
  public Agent(
      AgentConfig config,
      ProfileCatalog profiles,
      Clock clock,
      DriverFactory drivers,
      ReadingSink sink,
      SequenceStore sequence) {
    this.config = config;
    Map<BoundDevice, Bus> polled = new LinkedHashMap<>();
    List<BoundDevice> pushed = new ArrayList<>();
    List<BoundDevice> all = new ArrayList<>();
    for (DeviceInstance instance : config.devices()) {
      BoundDevice device =
          new BoundDevice(instance, profiles.find(instance.profile()).orElseThrow());
      all.add(device);
      String key = busKey(instance.transport());
      if (key == null) {
        pushed.add(device);
        continue;
      }
      Bus bus =
          buses.computeIfAbsent(
              key,
              k ->
                  new Bus(
                      k,
                      drivers.polling(instance.transport(), config.polling().driver()),
                      config.polling().queueCapacity(),
                      lanes(instance.transport())));
      polled.put(device, bus);
      busByDevice.put(device.id(), bus);
    }
    LastValues last = new LastValues();
    ProblemLog problems = new ProblemLog(LoggerFactory.getLogger(ReadHandler.class));
    // edge alarms write through the buses, so they come once every bus is known
    this.alarms = new EdgeAlarms(sequence, sink, all, busByDevice);
    Emitter emitter = new Emitter(sequence, sink, last, alarms);
    DeviceHealth health = new DeviceHealth(config.polling().offlineAfter(), emitter);
    Normalizer normalizer =
        new Normalizer(new StuckDetector(config.stuck().samples(), config.stuck().duration()));
    Ticker ticker = Ticker.of(clock);
    this.handler = new ReadHandler(clock, ticker, normalizer, emitter, health, problems);
    if (!pushed.isEmpty()) {
      pushDrivers.addAll(
          drivers.push(pushed, config.mqtt().uri(), clock, config.polling().driver()));
    }
    this.scheduler =
        new Scheduler(
            clock, ticker, polled, pushed, handler, health, config.polling().offlinePollEvery());
    this.status =
        new StatusServer(
            config.gatewayId(),
            clock,
            all,
            busByDevice,
            buses.values(),
            pushDrivers,
            health,
            last,
            problems,
            sink::status);
  }

  /** The bus a polled device is on, or null for devices that push. */
  static String busKey(Transport t) {
    if (t instanceof Transport.ModbusTcp m) {
      return "modbus-tcp " + m.host() + ":" + m.port();
    }
    if (t instanceof Transport.ModbusRtu r) {
      return "modbus-rtu " + r.port();
    }
    if (t instanceof Transport.OpcUa o) {
      return "opcua " + o.endpoint(); // one session for every device on the server
    }
    return null;
  }

  /**
   * Devices a bus reads at once: a Modbus TCP endpoint's inFlight (every device on it gives the
   * same, as the config loader checks), one for every other bus.
   */
  static int lanes(Transport t) {
    return t instanceof Transport.ModbusTcp m ? m.inFlight() : 1;
  }

  public void start() throws Exception {
    buses.values().forEach(Bus::start);
    for (PushDriver p : pushDrivers) {
      p.start(handler);
    }
    scheduler.start();
    if (config.statusPort() >= 0) {
      status.start(config.statusHost(), config.statusPort());
    }
    LOG.info(
        "agent started [gateway: {}, devices: {}, buses: {}, push: {}]",
        config.gatewayId(),
        config.devices().size(),
        buses.keySet(),
        pushDrivers.stream().map(PushDriver::describe).toList());
  }

  public StatusServer status() {
    return status;
  }

  public Map<String, Bus> buses() {
    return Map.copyOf(buses);
  }

  /** Stops reading and closes the drivers and the status endpoint; the sink stays open. */
  @Override
  public void close() {
    scheduler.close();
    alarms.close(); // lets an alarm being raised finish its writes while the buses still run
    status.close();
    pushDrivers.forEach(PushDriver::close);
    buses.values().forEach(Bus::close);
  }
}
