package org.citysense.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.citysense.agent.config.AgentConfig;
import org.citysense.agent.config.AgentConfigLoader;
import org.citysense.profiles.device.DeviceInstance;
import org.citysense.profiles.load.InvalidFileException;
import org.citysense.profiles.load.ProfileCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Agent} and rebuilds it when its config file changes, so that devices added or
 * removed by {@code edge-agent device} are read without a restart.
 *
 * <p>It polls the file's modification time, size and identity once per period rather than using a
 * {@code WatchService}: polling sees a file replaced by a rename, an editor's save and a change on
 * any file system alike, and costs one {@code stat} a second. A config that does not load is logged
 * with its problems (file:line) and the running agent keeps its config. A valid one replaces the
 * agent; the sink (durable buffer, forwarder) and the sequence store are the caller's and stay
 * open, so sequence numbers keep rising. What the sink and the embedded broker were built from —
 * gateway id, dataDir, output, mqtt, cloud, buffer — takes a restart; a change there is logged.
 */
public final class ReloadingAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingAgent.class);

  /** Builds an agent (not started) for a config. */
  public interface Factory {
    Agent create(AgentConfig config, ProfileCatalog profiles);
  }

  private final Path file;
  private final Factory factory;
  private final Duration period;
  private final AgentConfigLoader loader = new AgentConfigLoader();
  private final ScheduledExecutorService watcher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "config-watch");
            t.setDaemon(true);
            return t;
          });
  private final AgentConfig initial;
  private AgentConfig running;
  private ProfileCatalog profiles;
  private Agent agent;
  private Stamp seen;
  private boolean closed;

  /**
   * @param file the config file to watch
   * @param loaded the config as read from it at start
   * @param period how often the file is looked at
   */
  public ReloadingAgent(
      Path file, AgentConfigLoader.Loaded loaded, Factory factory, Duration period) {
    this.file = file;
    this.factory = factory;
    this.period = period;
    this.initial = loaded.config();
    this.running = loaded.config();
    this.profiles = loaded.profiles();
  }

  /** Starts the agent and the watch. The stamp is taken first: a change from now on is seen. */
  public synchronized void start() throws Exception {
    seen = stamp();
    agent = factory.create(running, profiles);
    agent.start();
    long ms = period.toMillis();
    watcher.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** The agent running now. */
  public synchronized Agent current() {
    return agent;
  }

  private void check() {
    try {
      reloadIfChanged();
    } catch (RuntimeException e) {
      LOG.error("config reload failed [file: {}]", file, e);
    }
  }

  /**
   * Looks at the file once; reloads when it changed.
   *
   * @return whether a new config is running
   */
  public synchronized boolean reloadIfChanged() {
    Stamp now = stamp();
    if (closed || Objects.equals(now, seen)) {
      return false;
    }
    seen = now;
    if (now == null) {
      LOG.warn("config file is gone; keeping the running config [file: {}]", file);
      return false;
    }
    AgentConfigLoader.Loaded next;
    try {
      next = loader.load(file);
    } catch (InvalidFileException e) {
      LOG.warn(
          "config not reloaded, it has {} problem(s); keeping the running config [file: {}]",
          e.problems().size(),
          file);
      e.problems().forEach(p -> LOG.warn("  {}", p));
      return false;
    }
    AgentConfig wanted = next.config();
    List<String> restart = needRestart(initial, wanted);
    if (!restart.isEmpty()) {
      LOG.warn(
          "config changes of {} take effect at the next restart [file: {}]",
          String.join(", ", restart),
          file);
    }
    AgentConfig effective = applicable(initial, wanted);
    AgentConfig before = running;
    ProfileCatalog beforeProfiles = profiles;
    agent.close();
    try {
      Agent fresh = factory.create(effective, next.profiles());
      startOrClose(fresh);
      agent = fresh;
      running = effective;
      profiles = next.profiles();
    } catch (Exception e) {
      LOG.error("cannot start the reloaded config, going back to the running one", e);
      agent = factory.create(before, beforeProfiles);
      try {
        startOrClose(agent);
      } catch (Exception again) {
        LOG.error("cannot restart the previous config either; no devices are read", again);
      }
      return false;
    }
    LOG.info("config reloaded: {} [file: {}]", changes(before, effective), file);
    return true;
  }

  private static void startOrClose(Agent agent) throws Exception {
    try {
      agent.start();
    } catch (Exception | Error e) {
      agent.close();
      throw e;
    }
  }

  /** "+N devices, -M devices" and the changed ones, by id. */
  static String changes(AgentConfig before, AgentConfig after) {
    Map<String, DeviceInstance> old = byId(before);
    Map<String, DeviceInstance> now = byId(after);
    long added = now.keySet().stream().filter(id -> !old.containsKey(id)).count();
    long removed = old.keySet().stream().filter(id -> !now.containsKey(id)).count();
    long changed =
        now.entrySet().stream()
            .filter(e -> old.containsKey(e.getKey()) && !old.get(e.getKey()).equals(e.getValue()))
            .count();
    return "+" + added + " devices, -" + removed + " devices, " + changed + " changed";
  }

  private static Map<String, DeviceInstance> byId(AgentConfig c) {
    return c.devices().stream().collect(Collectors.toMap(DeviceInstance::id, Function.identity()));
  }

  /** The sections the sink and the broker were built from, where {@code next} differs. */
  static List<String> needRestart(AgentConfig started, AgentConfig next) {
    List<String> differ = new ArrayList<>();
    if (!started.gatewayId().equals(next.gatewayId())) {
      differ.add("gateway.id");
    }
    if (!started.dataDir().equals(next.dataDir())) {
      differ.add("dataDir");
    }
    if (!started.output().equals(next.output())) {
      differ.add("output");
    }
    if (!started.mqtt().equals(next.mqtt())) {
      differ.add("mqtt");
    }
    if (!Objects.equals(started.cloud(), next.cloud())) {
      differ.add("cloud");
    }
    if (!started.buffer().equals(next.buffer())) {
      differ.add("buffer");
    }
    return differ;
  }

  /** {@code next} with the sections that take a restart as the agent started with them. */
  static AgentConfig applicable(AgentConfig started, AgentConfig next) {
    return new AgentConfig(
        started.gatewayId(),
        started.dataDir(),
        next.profilesDir(),
        next.statusHost(),
        next.statusPort(),
        started.output(),
        started.mqtt(),
        next.polling(),
        next.stuck(),
        started.cloud(),
        started.buffer(),
        next.devices());
  }

  /** What tells one version of the file from another; null when there is no file. */
  private record Stamp(FileTime modified, long size, Object key) {}

  private Stamp stamp() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot look at the config file [file: {}]: {}", file, e.toString());
      return seen;
    }
  }

  /** Stops watching and closes the agent; the sink is the caller's to close. */
  @Override
  public void close() {
    watcher.shutdownNow();
    try {
      if (!watcher.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the config watch did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closed = true;
      if (agent != null) {
        agent.close();
      }
    }
  }
}
