package org.citysense.cloud.notify;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.citysense.testsupport.smsc.LocalSmsc;

/**
 * A {@link LocalSmsc} on a free loopback port for a {@code @QuarkusTest}, with notifications on and
 * the SMPP channel pointed at it; injected into the test's {@code LocalSmsc} field.
 */
public final class SmscResource implements QuarkusTestResourceLifecycleManager {
  private LocalSmsc smsc;

  /** Notifications on, by SMPP to the test SMSC. */
  public static final class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("citysense.notify.enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SmscResource.class));
    }
  }

  @Override
  public Map<String, String> start() {
    try {
      smsc = LocalSmsc.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the test SMSC", e);
    }
    return Map.of(
        "citysense.notify.smpp.host", "127.0.0.1",
        "citysense.notify.smpp.port", Integer.toString(smsc.port()),
        "citysense.notify.smpp.system-id", "citysense",
        "citysense.notify.smpp.password", "secret",
        "citysense.notify.smpp.source", "10690000");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(smsc, new TestInjector.MatchesType(LocalSmsc.class));
  }

  @Override
  public void stop() {
    if (smsc != null) {
      try {
        smsc.close();
      } catch (IOException e) {
        throw new IllegalStateException("cannot close the test SMSC", e);
      }
    }
  }
}
