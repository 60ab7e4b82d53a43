package org.citysense.agent.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.apache.plc4x.java.opcua.readwrite.OpcuaStatusCode;
import org.apache.plc4x.java.spi.values.PlcBOOL;
import org.apache.plc4x.java.spi.values.PlcDATE_AND_TIME;
import org.apache.plc4x.java.spi.values.PlcDINT;
import org.apache.plc4x.java.spi.values.PlcINT;
import org.apache.plc4x.java.spi.values.PlcLREAL;
import org.apache.plc4x.java.spi.values.PlcList;
import org.apache.plc4x.java.spi.values.PlcREAL;
import org.apache.plc4x.java.spi.values.PlcSTRING;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.NodeValue;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Value;
import org.junit.jupiter.api.Test;

class OpcUaValuesTest {
  private static final String AT = "opc.tcp://127.0.0.1:4840/pumps";

  @Test
  void numbersAndBooleansAreHandedOnTyped() {
    assertThat(OpcUaValues.of("n", AT, PlcResponseCode.OK, new PlcLREAL(2.35)))
        .isEqualTo(new NodeValue("n", "LREAL", new RawValue.Typed(Value.of(2.35)), null));
    assertThat(OpcUaValues.of("n", AT, PlcResponseCode.OK, new PlcREAL(120.5f)).raw())
        .isEqualTo(new RawValue.Typed(Value.of(120.5)));
    assertThat(OpcUaValues.of("n", AT, PlcResponseCode.OK, new PlcINT((short) 234)).raw())
        .isEqualTo(new RawValue.Typed(Value.of(234)));
    assertThat(OpcUaValues.of("n", AT, PlcResponseCode.OK, new PlcBOOL(true)).raw())
        .isEqualTo(new RawValue.Typed(Value.of(true)));
  }

  @Test
  void aValuePresentUnderPlc4xsCarriedOverUnsupportedCodeIsTaken() {
    assertThat(OpcUaValues.of("n", AT, PlcResponseCode.UNSUPPORTED, new PlcDINT(7)).isOk())
        .isTrue();
  }

  @Test
  void anythingElseIsMalformedNamingNodeAndServer() {
    NodeValue text = OpcUaValues.of("ns=2;s=x", AT, PlcResponseCode.OK, new PlcSTRING("on"));
    assertThat(text.failure().kind()).isEqualTo(Failure.Kind.MALFORMED);
    assertThat(text.failure().message())
        .isEqualTo("node ns=2;s=x on " + AT + " holds a STRING (on), not a number or a boolean");
    NodeValue time =
        OpcUaValues.of(
            "ns=0;i=2258",
            AT,
            PlcResponseCode.OK,
            new PlcDATE_AND_TIME(java.time.LocalDateTime.of(2026, 1, 2, 3, 4)));
    assertThat(time.failure().message()).contains("holds a DATE_AND_TIME");
    NodeValue array =
        OpcUaValues.of(
            "n", AT, PlcResponseCode.OK, new PlcList(List.of(new PlcDINT(1), new PlcDINT(2))));
    assertThat(array.failure().message()).contains("holds an array of 2 values");
  }

  @Test
  void aStatusSayingTheServerCannotReachItsDeviceIsATimeoutAndOthersAreNamed() {
    NodeValue silent =
        OpcUaValues.of(
            "n",
            AT,
            PlcResponseCode.UNSUPPORTED,
            null,
            Optional.of(OpcuaStatusCode.BadCommunicationError));
    assertThat(silent.failure())
        .isEqualTo(
            Failure.of(
                Failure.Kind.TIMEOUT,
                "node n on "
                    + AT
                    + ": Bad_CommunicationError (the server has no answer from the device)"));
    NodeValue failed =
        OpcUaValues.of(
            "n",
            AT,
            PlcResponseCode.UNSUPPORTED,
            null,
            Optional.of(OpcuaStatusCode.BadDeviceFailure));
    assertThat(failed.failure())
        .isEqualTo(Failure.of(Failure.Kind.EXCEPTION, "node n on " + AT + ": Bad_DeviceFailure"));
    // PLC4X's own words stay where it has some
    NodeValue unknown =
        OpcUaValues.of(
            "n",
            AT,
            PlcResponseCode.NOT_FOUND,
            null,
            Optional.of(OpcuaStatusCode.BadNodeIdUnknown));
    assertThat(unknown.failure().message()).endsWith("no such node (Bad_NodeIdUnknown)");
  }

  @Test
  void refusalsAreExceptionsNamingNodeServerAndWhy() {
    NodeValue unknown = OpcUaValues.of("ns=2;s=ps-1/Ghost", AT, PlcResponseCode.NOT_FOUND, null);
    assertThat(unknown.failure())
        .isEqualTo(
            Failure.of(
                Failure.Kind.EXCEPTION,
                "node ns=2;s=ps-1/Ghost on " + AT + ": no such node (Bad_NodeIdUnknown)"));
    assertThat(OpcUaValues.refused("n", AT, PlcResponseCode.ACCESS_DENIED).message())
        .contains("access denied");
    assertThat(OpcUaValues.refused("n", AT, PlcResponseCode.UNSUPPORTED).message())
        .contains("UNSUPPORTED");
  }
}
