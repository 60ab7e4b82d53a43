package org.citysense.agent.uplink;

import java.security.Provider;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The TLS context of a client that speaks plain HTTP only: it cannot be used for TLS. Given to the
 * JDK's HTTP client for an {@code http://} cloud because that client otherwise sets up the JVM's
 * default TLS context when it is built, even if it never makes a TLS connection: the JVM's CA store
 * parsed and about 530 TLS and certificate classes loaded, 6 MiB of resident memory
 * (docs/benchmarks.md, issue 17).
 */
final class NoTls {
  private NoTls() {}

  /** A context that fails every attempt to make a TLS connection with it. */
  static SSLContext context() {
    return new SSLContext(new Spi(), new Provider("citysense-no-tls", "1", "no TLS") {}, "none") {};
  }

  /** The parameters to give with {@link #context()}, so that the client does not ask it for any. */
  static SSLParameters parameters() {
    return new SSLParameters();
  }

  private static final class Spi extends SSLContextSpi {
    private static UnsupportedOperationException unused() {
      return new UnsupportedOperationException(
          "TLS is not set up: this uplink's cloud is a plain http:// URI");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw unused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw unused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw unused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw unused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw unused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw unused();
    }
  }
}
