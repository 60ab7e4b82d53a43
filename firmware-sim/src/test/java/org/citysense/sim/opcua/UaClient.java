package org.citysense.sim.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.channel.EncodingLimits;
import org.eclipse.milo.opcua.stack.core.serialization.OpcUaBinaryStreamDecoder;
import org.eclipse.milo.opcua.stack.core.serialization.OpcUaBinaryStreamEncoder;
import org.eclipse.milo.opcua.stack.core.serialization.SerializationContext;
import org.eclipse.milo.opcua.stack.core.serialization.UaMessage;
import org.eclipse.milo.opcua.stack.core.serialization.UaResponseMessage;
import org.eclipse.milo.opcua.stack.core.types.DataTypeManager;
import org.eclipse.milo.opcua.stack.core.types.OpcUaDataTypeManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ApplicationType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.SecurityTokenRequestType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.ActivateSessionRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.AnonymousIdentityToken;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.CloseSecureChannelRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CloseSessionRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateMonitoredItemsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateMonitoredItemsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateSessionRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateSessionResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateSubscriptionRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CreateSubscriptionResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeNotification;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.GetEndpointsRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.GetEndpointsResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemNotification;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.OpenSecureChannelRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.OpenSecureChannelResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.PublishRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.PublishResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.RequestHeader;
import org.eclipse.milo.opcua.stack.core.types.structured.ServiceFault;
import org.eclipse.milo.opcua.stack.core.types.structured.SignatureData;
import org.eclipse.milo.opcua.stack.core.types.structured.SignedSoftwareCertificate;
import org.eclipse.milo.opcua.stack.core.types.structured.SubscriptionAcknowledgement;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.types.structured.ViewDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

/**
 * A small OPC UA client for the tests, written against the protocol (Part 6: UA TCP, secure
 * conversation with policy None, one chunk per message), with Milo's stack-core encoding only the
 * service bodies: Read, Write, Browse, GetEndpoints and a subscription. Milo's own client SDK is
 * not served by the offline Maven mirror, and a client that shares nothing with Milo's server code
 * path is a better witness anyway. A blocking socket with a read timeout, so a test that gets no
 * answer fails rather than hangs.
 */
public final class UaClient implements AutoCloseable {
  private static final String POLICY_NONE = "http://opcfoundation.org/UA/SecurityPolicy#None";
  private static final int BUFFER = 1 << 16;
  private static final SerializationContext CONTEXT =
      new SerializationContext() {
        private final NamespaceTable namespaces = new NamespaceTable();

        @Override
        public EncodingLimits getEncodingLimits() {
          return EncodingLimits.DEFAULT;
        }

        @Override
        public NamespaceTable getNamespaceTable() {
          return namespaces;
        }

        @Override
        public DataTypeManager getDataTypeManager() {
          return OpcUaDataTypeManager.getInstance();
        }
      };

  private final String endpointUrl;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private long channelId;
  private long tokenId;
  private long sequence;
  private long requestId;
  private NodeId authToken = NodeId.NULL_VALUE;
  private SubscriptionAcknowledgement toAcknowledge;

  private UaClient(String endpointUrl, String host, int port) throws IOException {
    this.endpointUrl = endpointUrl;
    socket = new Socket(host, port);
    socket.setSoTimeout(30_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Connects, opens a secure channel with policy None and activates an anonymous session. */
  public static UaClient session(String endpointUrl, String host, int port) throws IOException {
    UaClient client = channel(endpointUrl, host, port);
    try {
      client.activate(client.createSession());
      return client;
    } catch (IOException | RuntimeException e) {
      client.socket.close();
      throw e;
    }
  }

  /** Connects and opens a secure channel, without a session (enough for GetEndpoints). */
  public static UaClient channel(String endpointUrl, String host, int port) throws IOException {
    UaClient client = new UaClient(endpointUrl, host, port);
    try {
      client.hello();
      client.open();
      return client;
    } catch (IOException | RuntimeException e) {
      client.socket.close();
      throw e;
    }
  }

  public List<EndpointDescription> endpoints() throws IOException {
    var request = new GetEndpointsRequest(header(), endpointUrl, null, null);
    return Arrays.asList(call(request, GetEndpointsResponse.class).getEndpoints());
  }

  public DataValue read(NodeId node) throws IOException {
    return read(node, AttributeId.Value);
  }

  public DataValue read(NodeId node, AttributeId attribute) throws IOException {
    return read(List.of(node), attribute).get(0);
  }

  public List<DataValue> read(List<NodeId> nodes, AttributeId attribute) throws IOException {
    ReadValueId[] ids =
        nodes.stream()
            .map(n -> new ReadValueId(n, attribute.uid(), null, QualifiedName.NULL_VALUE))
            .toArray(ReadValueId[]::new);
    var request = new ReadRequest(header(), 0.0, TimestampsToReturn.Both, ids);
    return Arrays.asList(call(request, ReadResponse.class).getResults());
  }

  public StatusCode write(NodeId node, Variant value) throws IOException {
    WriteValue w = new WriteValue(node, AttributeId.Value.uid(), null, DataValue.valueOnly(value));
    var request = new WriteRequest(header(), new WriteValue[] {w});
    return call(request, WriteResponse.class).getResults()[0];
  }

  /** The nodes {@code node} references hierarchically (e.g. a folder's contents). */
  public List<ReferenceDescription> browse(NodeId node) throws IOException {
    BrowseDescription what =
        new BrowseDescription(
            node,
            BrowseDirection.Forward,
            Identifiers.HierarchicalReferences,
            true,
            uint(0),
            uint(63));
    var view = new ViewDescription(NodeId.NULL_VALUE, DateTime.MIN_VALUE, uint(0));
    var request = new BrowseRequest(header(), view, uint(0), new BrowseDescription[] {what});
    var result = call(request, BrowseResponse.class).getResults()[0];
    if (result.getStatusCode().isBad()) {
      throw new IOException("browse " + node + ": " + result.getStatusCode());
    }
    return Arrays.asList(result.getReferences());
  }

  /** Subscribes to {@code node}'s value, sampled every 50 ms; returns the subscription id. */
  public long subscribe(NodeId node) throws IOException {
    var subscription =
        call(
            new CreateSubscriptionRequest(
                header(), 50.0, uint(600), uint(20), uint(0), true, ubyte(0)),
            CreateSubscriptionResponse.class);
    var item =
        new MonitoredItemCreateRequest(
            new ReadValueId(node, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE),
            MonitoringMode.Reporting,
            new MonitoringParameters(uint(1), 50.0, null, uint(10), true));
    var created =
        call(
            new CreateMonitoredItemsRequest(
                header(),
                subscription.getSubscriptionId(),
                TimestampsToReturn.Both,
                new MonitoredItemCreateRequest[] {item}),
            CreateMonitoredItemsResponse.class);
    if (created.getResults()[0].getStatusCode().isBad()) {
      throw new IOException("monitor " + node + ": " + created.getResults()[0].getStatusCode());
    }
    return subscription.getSubscriptionId().longValue();
  }

  /**
   * One Publish: the values the server notifies (none for a keep-alive), after acknowledging what
   * the previous one brought.
   */
  public List<DataValue> publish() throws IOException {
    var response = call(new PublishRequest(header(), acknowledgements()), PublishResponse.class);
    var message = response.getNotificationMessage();
    List<DataValue> values = new ArrayList<>();
    if (message.getNotificationData() != null && message.getNotificationData().length > 0) {
      toAcknowledge =
          new SubscriptionAcknowledgement(
              response.getSubscriptionId(), message.getSequenceNumber());
      for (ExtensionObject data : message.getNotificationData()) {
        if (data.decode(CONTEXT) instanceof DataChangeNotification change) {
          for (MonitoredItemNotification n : change.getMonitoredItems()) {
            values.add(n.getValue());
          }
        }
      }
    }
    return values;
  }

  private SubscriptionAcknowledgement[] acknowledgements() {
    SubscriptionAcknowledgement[] acks =
        toAcknowledge == null
            ? new SubscriptionAcknowledgement[0]
            : new SubscriptionAcknowledgement[] {toAcknowledge};
    toAcknowledge = null;
    return acks;
  }

  @Override
  public void close() throws IOException {
    try {
      if (!authToken.isNull()) {
        call(new CloseSessionRequest(header(), true), UaResponseMessage.class);
      }
      send("CLO", body(new CloseSecureChannelRequest(header())));
    } finally {
      socket.close();
    }
  }

  private void hello() throws IOException {
    ByteBuf hello = Unpooled.buffer();
    hello.writeIntLE(0); // protocol version
    hello.writeIntLE(BUFFER); // receive buffer
    hello.writeIntLE(BUFFER); // send buffer
    hello.writeIntLE(0); // max message size: no limit
    hello.writeIntLE(0); // max chunk count: no limit
    encoder(hello).writeString(endpointUrl);
    send("HEL", hello);
    receive("ACK");
  }

  private void open() throws IOException {
    var request =
        new OpenSecureChannelRequest(
            header(),
            uint(0),
            SecurityTokenRequestType.Issue,
            MessageSecurityMode.None,
            ByteString.NULL_VALUE,
            uint(600_000));
    ByteBuf opn = Unpooled.buffer();
    OpcUaBinaryStreamEncoder e = encoder(opn);
    e.writeUInt32(uint(0)); // secure channel id: none yet
    e.writeString(POLICY_NONE);
    e.writeByteString(ByteString.NULL_VALUE); // sender certificate
    e.writeByteString(ByteString.NULL_VALUE); // receiver thumbprint
    e.writeUInt32(uint(++sequence));
    e.writeUInt32(uint(++requestId));
    e.writeMessage(null, request);
    send("OPN", opn);
    OpcUaBinaryStreamDecoder d = decoder(receive("OPN"));
    d.readUInt32(); // channel id, again in the token
    d.readString();
    d.readByteString();
    d.readByteString();
    d.readUInt32();
    d.readUInt32();
    var response = (OpenSecureChannelResponse) checked(d.readMessage(null));
    channelId = response.getSecurityToken().getChannelId().longValue();
    tokenId = response.getSecurityToken().getTokenId().longValue();
  }

  private CreateSessionResponse createSession() throws IOException {
    var me =
        new ApplicationDescription(
            "urn:citysense:test-client",
            "urn:citysense:test-client",
            LocalizedText.english("firmware-sim test client"),
            ApplicationType.Client,
            null,
            null,
            null);
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    var request =
        new CreateSessionRequest(
            header(),
            me,
            null,
            endpointUrl,
            "test",
            ByteString.of(nonce),
            ByteString.NULL_VALUE,
            60_000.0,
            uint(0));
    return call(request, CreateSessionResponse.class);
  }

  private void activate(CreateSessionResponse session) throws IOException {
    authToken = session.getAuthenticationToken();
    String policyId =
        Arrays.stream(session.getServerEndpoints())
            .flatMap(e -> Arrays.stream(e.getUserIdentityTokens()))
            .filter(t -> t.getTokenType() == UserTokenType.Anonymous)
            .map(UserTokenPolicy::getPolicyId)
            .findFirst()
            .orElseThrow(() -> new IOException("the server offers no anonymous token"));
    var request =
        new ActivateSessionRequest(
            header(),
            new SignatureData(null, ByteString.NULL_VALUE),
            new SignedSoftwareCertificate[0],
            new String[] {"en"},
            ExtensionObject.encode(CONTEXT, new AnonymousIdentityToken(policyId)),
            new SignatureData(null, ByteString.NULL_VALUE));
    call(request, UaResponseMessage.class);
  }

  private RequestHeader header() {
    return new RequestHeader(
        authToken, DateTime.now(), uint(requestId + 1), uint(0), null, uint(30_000), null);
  }

  /** One request in a MSG chunk, its response out, a fault or a Bad service result thrown. */
  private <T extends UaResponseMessage> T call(UaMessage request, Class<T> type)
      throws IOException {
    send("MSG", body(request));
    OpcUaBinaryStreamDecoder d = decoder(receive("MSG"));
    d.readUInt32(); // channel id
    d.readUInt32(); // token id
    d.readUInt32(); // sequence number
    d.readUInt32(); // request id
    return type.cast(checked(d.readMessage(null)));
  }

  private ByteBuf body(UaMessage request) {
    ByteBuf msg = Unpooled.buffer();
    OpcUaBinaryStreamEncoder e = encoder(msg);
    e.writeUInt32(uint(channelId));
    e.writeUInt32(uint(tokenId));
    e.writeUInt32(uint(++sequence));
    e.writeUInt32(uint(++requestId));
    e.writeMessage(null, request);
    return msg;
  }

  private static UaMessage checked(UaMessage message) throws IOException {
    if (message instanceof ServiceFault fault) {
      throw new IOException("service fault " + fault.getResponseHeader().getServiceResult());
    }
    StatusCode result = ((UaResponseMessage) message).getResponseHeader().getServiceResult();
    if (result.isBad()) {
      throw new IOException("service result " + result);
    }
    return message;
  }

  /** Writes one final chunk: type, 'F', the whole size, then the body. */
  private void send(String type, ByteBuf body) throws IOException {
    byte[] bytes = new byte[8 + body.readableBytes()];
    System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 3);
    bytes[3] = 'F';
    Unpooled.wrappedBuffer(bytes).setIntLE(4, bytes.length);
    body.readBytes(bytes, 8, body.readableBytes());
    out.write(bytes);
    out.flush();
  }

  /** Reads one chunk of {@code type}; an ERR message becomes an exception with its status. */
  private ByteBuf receive(String type) throws IOException {
    byte[] header = new byte[8];
    in.readFully(header);
    String got = new String(header, 0, 3, StandardCharsets.US_ASCII);
    int size = Unpooled.wrappedBuffer(header).getIntLE(4);
    byte[] body = new byte[size - 8];
    in.readFully(body);
    ByteBuf buffer = Unpooled.wrappedBuffer(body);
    if (got.equals("ERR")) {
      OpcUaBinaryStreamDecoder d = decoder(buffer);
      throw new IOException("error " + new StatusCode(d.readUInt32()) + ": " + d.readString());
    }
    if (!got.equals(type) || header[3] != 'F') {
      throw new IOException("expected a final " + type + " chunk, got " + got + (char) header[3]);
    }
    return buffer;
  }

  private static OpcUaBinaryStreamEncoder encoder(ByteBuf buffer) {
    return new OpcUaBinaryStreamEncoder(CONTEXT).setBuffer(buffer);
  }

  private static OpcUaBinaryStreamDecoder decoder(ByteBuf buffer) {
    return new OpcUaBinaryStreamDecoder(CONTEXT).setBuffer(buffer);
  }
}
