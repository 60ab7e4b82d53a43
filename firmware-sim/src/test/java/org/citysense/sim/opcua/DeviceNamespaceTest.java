package org.citysense.sim.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.scenario.FaultType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node serves and takes, without a server: a writable Int16 set point in tenths of °C. */
class DeviceNamespaceTest {
  @TempDir Path profiles;
  private SimDevice tank;
  private PointNode setpoint;

  @BeforeEach
  void device() throws Exception {
    tank =
        CustomDevice.of(
            profiles,
            "{name: setpoint, quantity: temperature, node: \"ns=2;s={deviceId}/Setpoint\","
                + " type: int16, scale: 0.1, range: {min: -40, max: 85}, writable: true}");
    setpoint = PointNode.of(List.of(tank), "here").get(0);
  }

  @Test
  void aReadServesTheSnapshotInTheNodesTypeWithItsTime() {
    tank.set("setpoint", Value.of(21.5));

    DataValue served = DeviceNamespace.served(setpoint);

    assertThat(served.getStatusCode()).isEqualTo(StatusCode.GOOD);
    assertThat(served.getValue()).isEqualTo(new Variant((short) 215));
    assertThat(served.getSourceTime()).isEqualTo(new DateTime(tank.snapshot().at())); // 100 ns
  }

  @Test
  void aWriteIsDecodedByTheProfileAndRecorded() {
    DeviceNamespace.written(setpoint, DataValue.valueOnly(new Variant((short) 250)));

    assertThat(tank.writes()).containsExactly("setpoint=25.0");
    assertThat(DeviceNamespace.served(setpoint).getValue()).isEqualTo(new Variant((short) 250));
  }

  @Test
  void aWriteOutsideThePointsRangeIsRefused() {
    UaRuntimeException e =
        catchThrowableOfType(
            UaRuntimeException.class,
            () -> DeviceNamespace.written(setpoint, DataValue.valueOnly(new Variant((short) 900))));

    assertThat(e.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_OutOfRange);
    assertThat(tank.writes()).isEmpty();
  }

  @Test
  void faultsRefuseReadsAndWritesWhileTheyLast() {
    tank.inject(FaultType.NO_RESPONSE, null, null, 0, null);
    assertThat(DeviceNamespace.served(setpoint).getStatusCode().getValue())
        .isEqualTo(StatusCodes.Bad_CommunicationError);
    UaRuntimeException e =
        catchThrowableOfType(
            UaRuntimeException.class,
            () -> DeviceNamespace.written(setpoint, DataValue.valueOnly(new Variant((short) 1))));
    assertThat(e.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_CommunicationError);
    tank.clearFaults();

    tank.inject(FaultType.EXCEPTION, null, null, 6, null);
    assertThat(DeviceNamespace.served(setpoint).getStatusCode().getValue())
        .isEqualTo(StatusCodes.Bad_DeviceFailure);
    tank.clearFaults();

    tank.inject(FaultType.SLOW, null, null, 0, Duration.ofSeconds(3));
    assertThat(Faults.delay(tank.snapshot())).isEqualTo(Duration.ofSeconds(3));
    assertThat(DeviceNamespace.served(setpoint).getStatusCode()).isEqualTo(StatusCode.GOOD);
    assertThat(tank.writes()).isEmpty();
  }
}
