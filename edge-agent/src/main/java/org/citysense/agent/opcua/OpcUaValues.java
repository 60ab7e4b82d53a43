package org.citysense.agent.opcua;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.apache.plc4x.java.api.types.PlcValueType;
import org.apache.plc4x.java.api.value.PlcValue;
import org.apache.plc4x.java.opcua.readwrite.OpcuaStatusCode;
import org.citysense.agent.driver.Failure;
import org.citysense.agent.driver.NodeValue;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Value;

/**
 * What PLC4X answered for one node, as the agent's pipeline takes it: a boolean or a number, handed
 * on as {@link RawValue.Typed} for the decoder to scale and check; any other answer a failure that
 * names the node and the server.
 */
final class OpcUaValues {
  private static final Set<PlcValueType> NUMBERS =
      EnumSet.of(
          PlcValueType.BYTE,
          PlcValueType.WORD,
          PlcValueType.DWORD,
          PlcValueType.LWORD,
          PlcValueType.USINT,
          PlcValueType.UINT,
          PlcValueType.UDINT,
          PlcValueType.ULINT,
          PlcValueType.SINT,
          PlcValueType.INT,
          PlcValueType.DINT,
          PlcValueType.LINT,
          PlcValueType.REAL,
          PlcValueType.LREAL);

  /** Response codes PLC4X gives a meaning of its own; the others hide the server's status. */
  private static final Set<PlcResponseCode> NAMED =
      EnumSet.of(
          PlcResponseCode.OK,
          PlcResponseCode.NOT_FOUND,
          PlcResponseCode.ACCESS_DENIED,
          PlcResponseCode.INVALID_ADDRESS,
          PlcResponseCode.INVALID_DATATYPE);

  private OpcUaValues() {}

  /**
   * One node's answer. PLC4X 0.13.1 marks a node UNSUPPORTED when an earlier node of the same
   * request held a type it cannot decode, value and all, so a value present is taken whatever the
   * code says.
   */
  static NodeValue of(String node, String endpoint, PlcResponseCode code, PlcValue value) {
    return of(node, endpoint, code, value, Optional.empty());
  }

  /**
   * As {@link #of(String, String, PlcResponseCode, PlcValue)}, with the node's OPC UA status when
   * PLC4X kept it: a status saying the server cannot reach its device is a TIMEOUT (the device is
   * silent, and goes offline), any other Bad status an EXCEPTION that names it.
   */
  static NodeValue of(
      String node,
      String endpoint,
      PlcResponseCode code,
      PlcValue value,
      Optional<OpcuaStatusCode> status) {
    if (value != null && (code == PlcResponseCode.OK || code == PlcResponseCode.UNSUPPORTED)) {
      return typed(node, endpoint, value);
    }
    if (status.isPresent() && OpcUaStatus.deviceSilent(status.get())) {
      return new NodeValue(
          node,
          null,
          null,
          Failure.of(
              Failure.Kind.TIMEOUT,
              "node "
                  + node
                  + " on "
                  + endpoint
                  + ": "
                  + OpcUaStatus.name(status.get())
                  + " (the server has no answer from the device)"));
    }
    if (status.isPresent() && !NAMED.contains(code)) {
      return new NodeValue(
          node,
          null,
          null,
          Failure.of(
              Failure.Kind.EXCEPTION,
              "node " + node + " on " + endpoint + ": " + OpcUaStatus.name(status.get())));
    }
    return new NodeValue(node, null, null, refused(node, endpoint, code));
  }

  private static NodeValue typed(String node, String endpoint, PlcValue value) {
    PlcValueType type = value.getPlcValueType();
    if (type == PlcValueType.BOOL) {
      return new NodeValue(
          node, type.name(), new RawValue.Typed(Value.of(value.getBoolean())), null);
    }
    if (NUMBERS.contains(type)) {
      return new NodeValue(
          node, type.name(), new RawValue.Typed(Value.of(value.getDouble())), null);
    }
    String what =
        type == PlcValueType.List
            ? "an array of " + value.getLength() + " values"
            : "a " + type + " (" + abbreviate(String.valueOf(value.getObject())) + ")";
    return new NodeValue(
        node,
        type.name(),
        null,
        Failure.of(
            Failure.Kind.MALFORMED,
            "node " + node + " on " + endpoint + " holds " + what + ", not a number or a boolean"));
  }

  /** Why the server gave no value for a node, or refused to write it. */
  static Failure refused(String node, String endpoint, PlcResponseCode code) {
    String why =
        switch (code) {
          case NOT_FOUND -> "no such node (Bad_NodeIdUnknown)";
          case INVALID_ADDRESS -> "the node has no value to read (invalid address)";
          case ACCESS_DENIED -> "access denied (not writable, or not for an anonymous user)";
          case INVALID_DATATYPE -> "the node's data type is not the profile's (Bad_TypeMismatch)";
          case OK -> "no value in the answer";
          default -> "refused (PLC4X: " + code + ")";
        };
    return Failure.of(Failure.Kind.EXCEPTION, "node " + node + " on " + endpoint + ": " + why);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
