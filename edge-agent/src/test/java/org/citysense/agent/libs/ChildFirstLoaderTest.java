package org.citysense.agent.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import org.citysense.agent.driver.Failure;
import org.junit.jupiter.api.Test;

class ChildFirstLoaderTest {
  private final ClassLoader app = ChildFirstLoaderTest.class.getClassLoader();
  private final ChildFirstLoader loader =
      new ChildFirstLoader("test", new URL[0], app, "org.citysense.agent.opcua");

  @Test
  void definesTheClassesOfItsPackageItselfFromTheParentsBytes() throws Exception {
    Class<?> tags = loader.loadClass("org.citysense.agent.opcua.OpcUaTags");
    Class<?> nested = loader.loadClass("org.citysense.agent.opcua.OpcUaSession$Unreachable");

    assertThat(tags.getClassLoader()).isSameAs(loader);
    assertThat(nested.getClassLoader()).isSameAs(loader);
    assertThat(tags).isNotSameAs(app.loadClass("org.citysense.agent.opcua.OpcUaTags"));
    assertThat(loader.loadClass("org.citysense.agent.opcua.OpcUaTags")).isSameAs(tags);
  }

  @Test
  void asksItsParentFirstForEveryOtherClass() throws Exception {
    assertThat(loader.loadClass(Failure.class.getName())).isSameAs(Failure.class);
    assertThat(loader.loadClass("org.apache.plc4x.java.api.PlcDriver"))
        .isSameAs(app.loadClass("org.apache.plc4x.java.api.PlcDriver"));
  }

  @Test
  void aClassTheParentDoesNotHoldIsNotFound() {
    assertThatThrownBy(() -> loader.loadClass("org.citysense.agent.opcua.Nothing"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
