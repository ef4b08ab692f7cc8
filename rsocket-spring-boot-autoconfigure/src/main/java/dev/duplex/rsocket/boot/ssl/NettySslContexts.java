package dev.duplex.rsocket.boot.ssl;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl;
import org.springframework.util.Assert;

/**
 * Netty {@link SslContext}s from Spring Boot {@link SslBundle}s, for the Duplex transports'
 * {@code secure(SslContext)}: the bundle's key and trust managers, enabled protocols and ciphers.
 */
public final class NettySslContexts {

  private NettySslContexts() {
  }

  /**
   * A server context presenting the bundle's key, checking client certificates against the
   * bundle's trust material as {@code clientAuth} says (none when null).
   *
   * @throws IllegalStateException if the context cannot be built
   */
  public static SslContext forServer(SslBundle bundle, Ssl.@Nullable ClientAuth clientAuth) {
    Assert.notNull(bundle, "'bundle' must not be null");
    SslContextBuilder builder =
        SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory())
            .trustManager(bundle.getManagers().getTrustManagerFactory())
            .clientAuth(Ssl.ClientAuth.map(clientAuth, ClientAuth.NONE, ClientAuth.OPTIONAL,
                ClientAuth.REQUIRE));
    return build(options(builder, bundle.getOptions()));
  }

  /**
   * A client context checking the server's certificate against the bundle's trust material and
   * presenting the bundle's key, if it has one.
   *
   * @throws IllegalStateException if the context cannot be built
   */
  public static SslContext forClient(SslBundle bundle) {
    Assert.notNull(bundle, "'bundle' must not be null");
    SslContextBuilder builder = SslContextBuilder.forClient()
        .trustManager(bundle.getManagers().getTrustManagerFactory());
    if (bundle.getStores().getKeyStore() != null) {
      builder.keyManager(bundle.getManagers().getKeyManagerFactory());
    }
    return build(options(builder, bundle.getOptions()));
  }

  /**
   * A client context checking the server's certificate against the JVM's trusted certificate
   * authorities.
   *
   * @throws IllegalStateException if the context cannot be built
   */
  public static SslContext forClient() {
    return build(SslContextBuilder.forClient());
  }

  private static SslContextBuilder options(SslContextBuilder builder, SslOptions options) {
    return builder.protocols(options.getEnabledProtocols())
        .ciphers(SslOptions.asSet(options.getCiphers()));
  }

  private static SslContext build(SslContextBuilder builder) {
    try {
      return builder.build();
    } catch (SSLException ex) {
      throw new IllegalStateException("Unable to create the TLS context: " + ex.getMessage(), ex);
    }
  }
}
