package org.citysense.sim.opcua;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.citysense.profiles.decode.Decoder;
import org.citysense.profiles.decode.Encoder;
import org.citysense.profiles.decode.RawValue;
import org.citysense.profiles.model.Quality;
import org.citysense.profiles.model.Reading;
import org.citysense.profiles.model.Value;
import org.citysense.sim.device.ServedValues;
import org.citysense.sim.device.SimDevice;
import org.citysense.sim.device.Snapshot;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.DataItem;
import org.eclipse.milo.opcua.sdk.server.api.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.api.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.AttributeContext;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

/**
 * The simulator's address space: under Objects, a folder per device named by its id, holding a
 * variable per point at the node id its profile gives. A read serves the device's snapshot through
 * the profile's encoder; a write to a writable point goes back through the one decoder and is
 * recorded on the device. Subscriptions sample through the same reads.
 */
final class DeviceNamespace extends ManagedNamespaceWithLifecycle {
  static final String URI = "urn:citysense:sim";

  private final Map<NodeId, PointNode> points = new LinkedHashMap<>();
  private final List<SimDevice> devices;
  private final ScheduledExecutorService scheduler;
  private final SubscriptionModel subscriptions;

  /**
   * @param scheduler delays the answers of slow devices
   */
  DeviceNamespace(
      OpcUaServer server,
      List<SimDevice> devices,
      List<PointNode> nodes,
      ScheduledExecutorService scheduler) {
    super(server, URI);
    if (getNamespaceIndex().intValue() != PointNode.NAMESPACE_INDEX) {
      throw new IllegalStateException(URI + " got namespace index " + getNamespaceIndex());
    }
    this.devices = List.copyOf(devices);
    this.scheduler = scheduler;
    nodes.forEach(n -> points.put(n.nodeId(), n));
    subscriptions = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptions);
    getLifecycleManager().addStartupTask(this::addNodes);
  }

  private void addNodes() {
    for (SimDevice device : devices) {
      NodeId folderId = newNodeId(device.id());
      if (points.containsKey(folderId)) {
        throw new IllegalArgumentException(
            "device " + device.id() + ": a point's node id is the device folder's, " + folderId);
      }
      UaFolderNode folder =
          new UaFolderNode(
              getNodeContext(),
              folderId,
              newQualifiedName(device.id()),
              LocalizedText.english(device.id()));
      folder.setDescription(LocalizedText.english(device.profile().id()));
      getNodeManager().addNode(folder);
      folder.addReference(
          new Reference(
              folderId, Identifiers.Organizes, Identifiers.ObjectsFolder.expanded(), false));
      points.values().stream()
          .filter(p -> p.device() == device)
          .forEach(p -> folder.addOrganizes(variable(p)));
    }
  }

  private UaVariableNode variable(PointNode p) {
    var access = p.point().writable() ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY;
    UaVariableNode node =
        new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
            .setNodeId(p.nodeId())
            .setBrowseName(newQualifiedName(p.browseName()))
            .setDisplayName(LocalizedText.english(p.browseName()))
            .setDescription(LocalizedText.english(description(p)))
            .setDataType(Variants.dataType(p.source().type()))
            .setValueRank(ValueRanks.Scalar)
            .setTypeDefinition(Identifiers.BaseDataVariableType)
            .setAccessLevel(access)
            .setUserAccessLevel(access)
            .build();
    node.getFilterChain()
        .addLast(
            AttributeFilters.getValue(ctx -> served(p)),
            AttributeFilters.setValue((ctx, value) -> written(p, value)));
    getNodeManager().addNode(node);
    return node;
  }

  private static String description(PointNode p) {
    var point = p.point();
    return point.quantity().isBoolean()
        ? point.name() + " (" + point.quantity() + ")"
        : point.name() + " (" + point.quantity() + ", " + point.unit() + ")";
  }

  /** The value a reader gets now: the snapshot's, encoded; a Bad status while a fault says so. */
  static DataValue served(PointNode p) {
    Snapshot s = p.device().snapshot();
    var refusal = Faults.refusal(s);
    if (refusal.isPresent()) {
      return new DataValue(refusal.get());
    }
    Value canonical = ServedValues.of(List.of(p.point()), s).get(p.point().name());
    if (canonical == null) {
      return new DataValue(StatusCodes.Bad_WaitingForInitialData);
    }
    var variant = Variants.of(p.source().type(), Encoder.typed(p.point(), canonical));
    return new DataValue(variant, StatusCode.GOOD, new DateTime(s.at()), DateTime.now());
  }

  /** A write the access level and data type checks let through; refused by throwing a status. */
  static void written(PointNode p, DataValue value) {
    Faults.refusal(p.device().snapshot())
        .ifPresent(
            code -> {
              throw new UaRuntimeException(code.getValue());
            });
    Value typed =
        Variants.value(value.getValue())
            .orElseThrow(() -> new UaRuntimeException(StatusCodes.Bad_TypeMismatch));
    Reading r =
        Decoder.decode(p.device().id(), p.point(), new RawValue.Typed(typed), Instant.now())
            .reading();
    if (r.quality() != Quality.GOOD) {
      throw new UaRuntimeException(
          r.quality() == Quality.OUT_OF_RANGE
              ? StatusCodes.Bad_OutOfRange
              : StatusCodes.Bad_TypeMismatch);
    }
    p.device().written(p.point(), r.value());
  }

  @Override
  public void read(
      ReadContext context, Double maxAge, TimestampsToReturn timestamps, List<ReadValueId> ids) {
    Duration delay =
        ids.stream()
            .map(id -> delay(id.getNodeId()))
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    later(delay, () -> DeviceNamespace.super.read(context, maxAge, timestamps, ids));
  }

  /** As the managed address space writes, without its error log for every refused write. */
  @Override
  public void write(WriteContext context, List<WriteValue> writeValues) {
    Duration delay =
        writeValues.stream()
            .map(w -> delay(w.getNodeId()))
            .max(Duration::compareTo)
            .orElse(Duration.ZERO);
    later(
        delay,
        () -> {
          List<StatusCode> results = new ArrayList<>();
          for (WriteValue w : writeValues) {
            results.add(write(context, w));
          }
          context.success(results);
        });
  }

  private StatusCode write(WriteContext context, WriteValue w) {
    UaNode node = getNodeManager().get(w.getNodeId());
    if (node == null) {
      return new StatusCode(StatusCodes.Bad_NodeIdUnknown);
    }
    try {
      node.writeAttribute(
          new AttributeContext(context), w.getAttributeId(), w.getValue(), w.getIndexRange());
      return StatusCode.GOOD;
    } catch (UaException e) {
      return e.getStatusCode();
    } catch (UaRuntimeException e) {
      return e.getStatusCode();
    }
  }

  private Duration delay(NodeId id) {
    PointNode p = points.get(id);
    return p == null ? Duration.ZERO : Faults.delay(p.device().snapshot());
  }

  private void later(Duration delay, Runnable answer) {
    if (delay.isZero()) {
      answer.run();
      return;
    }
    try {
      scheduler.schedule(answer, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      answer.run(); // closing: answer now rather than never
    }
  }

  @Override
  public void onDataItemsCreated(List<DataItem> items) {
    subscriptions.onDataItemsCreated(items);
  }

  @Override
  public void onDataItemsModified(List<DataItem> items) {
    subscriptions.onDataItemsModified(items);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> items) {
    subscriptions.onDataItemsDeleted(items);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> items) {
    subscriptions.onMonitoringModeChanged(items);
  }
}
