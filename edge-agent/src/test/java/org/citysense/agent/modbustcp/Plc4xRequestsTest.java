package org.citysense.agent.modbustcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.citysense.agent.driver.Failure;
import org.junit.jupiter.api.Test;

/**
 * PLC4X 0.13.1's response codes back to Modbus exception codes, as far as it keeps them (seen
 * against the simulator answering each exception code).
 */
class Plc4xRequestsTest {

  @Test
  void oneToOneCodesKeepTheirModbusCode() {
    assertThat(code(PlcResponseCode.UNSUPPORTED)).isEqualTo(1);
    assertThat(code(PlcResponseCode.INVALID_ADDRESS)).isEqualTo(2);
    assertThat(code(PlcResponseCode.INVALID_DATA)).isEqualTo(3);
    assertThat(code(PlcResponseCode.REMOTE_BUSY)).isEqualTo(6);
  }

  @Test
  void sharedCodesAreExceptionsWithoutACode() {
    Failure remote = Plc4xRequests.failure(PlcResponseCode.REMOTE_ERROR);
    assertThat(remote.kind()).isEqualTo(Failure.Kind.EXCEPTION);
    assertThat(remote.code()).isZero();
    assertThat(remote.message()).contains("4, 7 or 11");
    assertThat(Plc4xRequests.failure(PlcResponseCode.INTERNAL_ERROR).message()).contains("8 or 10");
  }

  @Test
  void codesNoModbusDeviceSendsAreMalformed() {
    assertThat(Plc4xRequests.failure(PlcResponseCode.INVALID_DATATYPE).kind())
        .isEqualTo(Failure.Kind.MALFORMED);
  }

  private static int code(PlcResponseCode plc4x) {
    Failure failure = Plc4xRequests.failure(plc4x);
    assertThat(failure.kind()).isEqualTo(Failure.Kind.EXCEPTION);
    return failure.code();
  }
}
