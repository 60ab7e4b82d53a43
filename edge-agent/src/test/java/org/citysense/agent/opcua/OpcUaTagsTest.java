package org.citysense.agent.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.apache.plc4x.java.opcua.tag.OpcuaTag;
import org.citysense.profiles.device.Transport;
import org.citysense.profiles.load.ProfileCatalog;
import org.citysense.profiles.model.DataType;
import org.citysense.profiles.model.DeviceProfile;
import org.citysense.profiles.model.Point;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;

class OpcUaTagsTest {
  private final DeviceProfile pumps =
      ProfileCatalog.bundled().find("pump-station-opcua").orElseThrow();

  @Test
  void aPointsNodeIsFilledWithTheDeviceId() {
    Point level = pumps.point("level").orElseThrow();
    assertThat(OpcUaTags.node(level, "ps-1")).isEqualTo("ns=2;s=ps-1/Level");
  }

  @Test
  void aNodeWithoutNamespaceIsInNamespaceZeroAndEveryAddressIsOnePlc4xParses() {
    assertThat(OpcUaTags.read("i=2259")).isEqualTo("ns=0;i=2259");
    assertThat(OpcUaTags.read("ns=2;s=ps-1/Level")).isEqualTo("ns=2;s=ps-1/Level");
    for (DataType type : DataType.values()) {
      String address = OpcUaTags.write("ns=2;s=ps-1/Gate", type);
      OpcuaTag tag = OpcuaTag.of(address);
      assertThat(tag.getIdentifier()).isEqualTo("ps-1/Gate");
      assertThat(tag.getDataType().name()).isEqualTo(OpcUaTags.plc4xType(type));
    }
  }

  @Test
  void nodesPlc4xCannotAddressAreRefusedNamingThem() {
    assertThatThrownBy(() -> OpcUaTags.read("ns=2;s=a;b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ns=2;s=a;b");
    assertThatThrownBy(() -> OpcUaTags.read("ns=2;b=M/RXb1"))
        .hasMessageContaining("PLC4X cannot address node ns=2;b=M/RXb1");
  }

  @Test
  void valuesAreTheJavaTypesPlc4xMakesEachVariantFrom() {
    Point p = pumps.point("cabinet_temperature").orElseThrow();
    assertThat(OpcUaTags.javaValue(p, DataType.BOOL, Value.of(true))).isEqualTo(true);
    assertThat(OpcUaTags.javaValue(p, DataType.INT16, Value.of(-234))).isEqualTo((short) -234);
    assertThat(OpcUaTags.javaValue(p, DataType.UINT16, Value.of(65535))).isEqualTo(65535);
    assertThat(OpcUaTags.javaValue(p, DataType.INT32, Value.of(-7))).isEqualTo(-7);
    assertThat(OpcUaTags.javaValue(p, DataType.UINT32, Value.of(4294967295.0)))
        .isEqualTo(4294967295L);
    assertThat(OpcUaTags.javaValue(p, DataType.INT64, Value.of(-5))).isEqualTo(-5L);
    assertThat(OpcUaTags.javaValue(p, DataType.UINT64, Value.of(1e19)))
        .isEqualTo(new BigInteger("10000000000000000000"));
    assertThat(OpcUaTags.javaValue(p, DataType.FLOAT32, Value.of(120.5))).isEqualTo(120.5f);
    assertThat(OpcUaTags.javaValue(p, DataType.FLOAT64, Value.of(2.35))).isEqualTo(2.35);
  }

  @Test
  void aValueOutsideTheTypeIsRefused() {
    Point p = pumps.point("cabinet_temperature").orElseThrow();
    assertThatThrownBy(() -> OpcUaTags.javaValue(p, DataType.INT16, Value.of(40000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("40000.0 for point cabinet_temperature does not fit in int16");
    assertThatThrownBy(() -> OpcUaTags.javaValue(p, DataType.UINT32, Value.of(-1)))
        .hasMessageContaining("does not fit in uint32");
  }

  @Test
  void theConnectionStringAsksForNoDiscoveryAndSecurityNoneInKebabCase() {
    String url =
        OpcUaDriver.plc4xUrl(
            new Transport.OpcUa("opc.tcp://10.0.0.7/pumps"),
            Duration.ofMillis(1500),
            Duration.ofSeconds(16));
    assertThat(url)
        .isEqualTo(
            "opcua:tcp://10.0.0.7:4840/pumps?discovery=false&security-policy=NONE"
                + "&request-timeout=1500&negotiation-timeout=16000");
  }
}
