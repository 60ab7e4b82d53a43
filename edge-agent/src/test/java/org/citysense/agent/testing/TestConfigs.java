package org.citysense.agent.testing;

import java.nio.file.Path;
import java.util.List;
import org.citysense.agent.config.AgentConfig;
import org.citysense.profiles.device.DeviceInstance;

/** Agent configs for tests that poll devices only: no cloud, no broker, no status port. */
public final class TestConfigs {
  private TestConfigs() {}

  public static AgentConfig polling(
      Path dataDir, AgentConfig.Polling polling, List<DeviceInstance> devices) {
    return new AgentConfig(
        "gw-test",
        dataDir,
        null,
        "127.0.0.1",
        -1,
        "stdout",
        AgentConfig.Mqtt.NONE,
        polling,
        AgentConfig.Stuck.DEFAULT,
        null,
        AgentConfig.Buffer.DEFAULT,
        devices);
  }
}
