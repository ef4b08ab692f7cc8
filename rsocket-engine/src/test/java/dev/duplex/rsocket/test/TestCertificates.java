package dev.duplex.rsocket.test;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLException;

/**
 * The test certificates under {@code dev/duplex/rsocket/tls} on the test class path, and TLS
 * contexts made from them. The server certificate is self-signed for CN=localhost with the
 * subject alternative names DNS:localhost and IP:127.0.0.1, valid for 100 years; the client
 * certificate is self-signed for CN=client. All stores use the password {@link #PASSWORD}:
 * {@code server.p12} and {@code server.jks} hold the server's key (alias {@code server}),
 * {@code client.p12} the client's (alias {@code client}), and {@code truststore.p12} both
 * certificates. {@code README.md} there says how they were made.
 */
public final class TestCertificates {

  /** The class path directory of the certificates. */
  public static final String DIRECTORY = "dev/duplex/rsocket/tls/";

  /** The password of every store and key. */
  public static final String PASSWORD = "secret";

  private TestCertificates() {
  }

  /** A server context with the server's certificate and no client authentication. */
  public static SslContext server() {
    return server(ClientAuth.NONE);
  }

  /**
   * A server context with the server's certificate, asking clients for a certificate signed by
   * the client certificate as {@code clientAuth} says.
   */
  public static SslContext server(ClientAuth clientAuth) {
    try (InputStream certificate = open("server-cert.pem");
        InputStream key = open("server-key.pem");
        InputStream trusted = open("client-cert.pem")) {
      return SslContextBuilder.forServer(certificate, key).trustManager(trusted)
          .clientAuth(clientAuth).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client context that trusts the server's certificate and presents none. */
  public static SslContext client() {
    try (InputStream trusted = open("server-cert.pem")) {
      return SslContextBuilder.forClient().trustManager(trusted).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client context that trusts the server's certificate and presents the client's. */
  public static SslContext clientWithCertificate() {
    try (InputStream trusted = open("server-cert.pem");
        InputStream certificate = open("client-cert.pem");
        InputStream key = open("client-key.pem")) {
      return SslContextBuilder.forClient().trustManager(trusted).keyManager(certificate, key)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client context that trusts only the JVM's default certificate authorities. */
  public static SslContext clientTrustingDefaults() {
    try {
      return SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = TestCertificates.class.getClassLoader().getResourceAsStream(DIRECTORY + name);
    if (in == null) {
      throw new IOException("No " + DIRECTORY + name + " on the test class path");
    }
    return in;
  }
}
