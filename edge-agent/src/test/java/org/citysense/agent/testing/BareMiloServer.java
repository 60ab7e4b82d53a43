package org.citysense.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.DefaultServerCertificateValidator;

/**
 * An Eclipse Milo server with nothing of ours in it, only the standard nodes every OPC UA server
 * has (Server_ServerStatus_State, _CurrentTime…): security None, anonymous, on 127.0.0.1.
 */
public final class BareMiloServer implements AutoCloseable {
  private final OpcUaServer server;
  private final DefaultTrustListManager trustList;
  private final Path pki;
  private final String endpoint;

  private BareMiloServer(int port, String path) throws Exception {
    pki = Files.createTempDirectory("bare-milo-pki");
    trustList = new DefaultTrustListManager(pki.toFile());
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri("urn:citysense:test:bare-milo")
            .setProductUri("urn:citysense:test:bare-milo")
            .setApplicationName(LocalizedText.english("bare Milo"))
            .setEndpoints(
                Set.of(
                    EndpointConfiguration.newBuilder()
                        .setBindAddress("127.0.0.1")
                        .setHostname("127.0.0.1")
                        .setBindPort(port)
                        .setPath(path)
                        .setSecurityPolicy(SecurityPolicy.None)
                        .setSecurityMode(MessageSecurityMode.None)
                        .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                        .build()))
            .setCertificateManager(new DefaultCertificateManager())
            .setTrustListManager(trustList)
            .setCertificateValidator(new DefaultServerCertificateValidator(trustList))
            .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
            .build();
    server = new OpcUaServer(config);
    server.startup().get(30, TimeUnit.SECONDS);
    endpoint = "opc.tcp://127.0.0.1:" + port + path;
  }

  /** Started on a free port of 127.0.0.1. */
  public static BareMiloServer start(String path) throws Exception {
    return new BareMiloServer(Ports.freeTcpPort(), path);
  }

  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    server.shutdown().get(30, TimeUnit.SECONDS);
    trustList.close();
    try (Stream<Path> files = Files.walk(pki)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp folder left behind is harmless
    }
  }
}
