package org.citysense.agent.opcua;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.Set;
import org.apache.plc4x.java.api.messages.PlcTagResponse;
import org.apache.plc4x.java.api.metadata.Metadata;
import org.apache.plc4x.java.opcua.OpcMetadataKeys;
import org.apache.plc4x.java.opcua.readwrite.OpcuaStatusCode;
import org.apache.plc4x.java.opcua.readwrite.StatusCode;
import org.apache.plc4x.java.opcua.tag.OpcuaQualityStatus;

/**
 * The OPC UA status code a server gave one node. PLC4X 0.13.1 folds most Bad codes into one
 * response code (UNSUPPORTED) and keeps the real one only inside the tag's quality metadata, in a
 * field without a getter; without it a gateway's Bad_CommunicationError (the device behind it is
 * silent) could not be told from a refusal. Read by reflection, and absent when that fails.
 */
final class OpcUaStatus {
  /** Codes that mean the server cannot reach the device it serves, not that it refuses. */
  private static final Set<OpcuaStatusCode> SILENT_DEVICE =
      Set.of(
          OpcuaStatusCode.BadCommunicationError,
          OpcuaStatusCode.BadNoCommunication,
          OpcuaStatusCode.BadTimeout,
          OpcuaStatusCode.BadNotConnected,
          OpcuaStatusCode.BadServerNotConnected,
          OpcuaStatusCode.BadWaitingForInitialData);

  private static final Field STATUS_CODE = statusCodeField();

  private OpcUaStatus() {}

  /** The status of tag {@code name} in {@code response}, when PLC4X kept it. */
  static Optional<OpcuaStatusCode> of(PlcTagResponse response, String name) {
    if (STATUS_CODE == null) {
      return Optional.empty();
    }
    try {
      Metadata metadata = response.getTagMetadata(name);
      Object quality = metadata == null ? null : metadata.getValue(OpcMetadataKeys.QUALITY);
      if (!(quality instanceof OpcuaQualityStatus q)) {
        return Optional.empty();
      }
      long code = ((StatusCode) STATUS_CODE.get(q)).getStatusCode();
      return OpcuaStatusCode.isDefined(code)
          ? Optional.of(OpcuaStatusCode.enumForValue(code))
          : Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code status} says the device behind the server does not answer. */
  static boolean deviceSilent(OpcuaStatusCode status) {
    return SILENT_DEVICE.contains(status);
  }

  /** The name as the OPC UA specification writes it: Bad_NodeIdUnknown. */
  static String name(OpcuaStatusCode status) {
    return status.name().replaceFirst("^(Good|Uncertain|Bad)", "$1_");
  }

  private static Field statusCodeField() {
    try {
      Field f = OpcuaQualityStatus.class.getDeclaredField("statusCode");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
