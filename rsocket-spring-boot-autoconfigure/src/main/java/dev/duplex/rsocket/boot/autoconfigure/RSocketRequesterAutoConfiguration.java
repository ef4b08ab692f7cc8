package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.ssl.NettySslContexts;
import dev.duplex.rsocket.messaging.RSocketConnectorConfigurer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.transport.tcp.TcpClientTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketClientTransport;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import reactor.util.retry.Retry;

/**
 * Auto-configuration for {@link RSocketRequester.Builder}: a prototype bean, since builders are
 * stateful and one should not be shared by requesters with different settings, with the
 * {@link RSocketStrategies} bean, the {@link RSocketConnectorConfigurer} beans in order, then the
 * {@link RSocketRequesterBuilderCustomizer} beans in order.
 *
 * <p>Beyond Spring Boot, when {@code spring.rsocket.client.port} (TCP) or
 * {@code spring.rsocket.client.uri} (WebSocket) is set, an {@link RSocketRequester} bean built
 * from that builder and the other {@code spring.rsocket.client.*} properties: it connects on its
 * first request, shares the connection, connects again on the next request once it is lost, and is
 * disposed with the context. Its keepalive and reconnect properties are applied after the
 * {@link RSocketConnectorConfigurer} beans. With {@code spring.rsocket.client.ssl.*} (or a
 * {@code wss://} URI) it connects over TLS, trusting the JVM's certificate authorities or those of
 * the named SSL bundle.
 */
@AutoConfiguration(after = RSocketStrategiesAutoConfiguration.class)
@ConditionalOnClass(RSocketRequester.class)
@EnableConfigurationProperties(RSocketProperties.class)
public final class RSocketRequesterAutoConfiguration {

  @Bean
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  @ConditionalOnMissingBean
  RSocketRequester.Builder rSocketRequesterBuilder(RSocketStrategies strategies,
      ObjectProvider<RSocketConnectorConfigurer> connectorConfigurers,
      ObjectProvider<RSocketRequesterBuilderCustomizer> customizers) {
    RSocketRequester.Builder builder = RSocketRequester.builder().rsocketStrategies(strategies);
    connectorConfigurers.orderedStream().forEach(builder::rsocketConnector);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder;
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(OnClientTargetCondition.class)
  static class ClientRequesterConfiguration {

    @Bean(destroyMethod = "dispose")
    @ConditionalOnMissingBean(RSocketRequester.class)
    RSocketRequester rSocketRequester(RSocketRequester.Builder rSocketRequesterBuilder,
        RSocketProperties properties, ObjectProvider<SslBundles> sslBundles) {
      RSocketProperties.Client client = properties.getClient();
      Duration interval = keepAlive("keep-alive-interval", client.getKeepAliveInterval());
      Duration maxLifetime = keepAlive("keep-alive-max-lifetime", client.getKeepAliveMaxLifetime());
      Retry reconnect = reconnect(client);
      RSocketRequester.Builder builder = rSocketRequesterBuilder;
      PropertyMapper map = PropertyMapper.get();
      map.from(client.getDataMimeType()).to(builder::dataMimeType);
      map.from(client.getSetupRoute()).to(builder::setupRoute);
      map.from(client.getSetupData()).to(builder::setupData);
      builder.rsocketConnector(connector -> {
        connector = connector.keepAlive(interval, maxLifetime);
        return (reconnect != null) ? connector.reconnect(reconnect) : connector;
      });
      RSocketProperties.ClientSsl ssl = client.getSsl();
      if (client.getTransport() == DuplexRSocketServer.Transport.WEBSOCKET) {
        URI uri = client.getUri();
        if (uri == null) {
          throw new IllegalStateException("spring.rsocket.client.transport is websocket, but "
              + "spring.rsocket.client.uri is not set; set it to the server's WebSocket URI, "
              + "such as ws://localhost:8080/rsocket");
        }
        WebSocketClientTransport transport = WebSocketClientTransport.create(uri);
        boolean secureUri = "wss".equalsIgnoreCase(uri.getScheme());
        if (secureUri && Boolean.FALSE.equals(ssl.getEnabled())) {
          throw new IllegalStateException("spring.rsocket.client.ssl.enabled is false, but "
              + "spring.rsocket.client.uri is " + uri + "; use a ws:// URI for plaintext");
        }
        if (!secureUri && sslEnabled(ssl)) {
          throw new IllegalStateException("spring.rsocket.client.ssl is enabled, but "
              + "spring.rsocket.client.uri is " + uri + "; use a wss:// URI for TLS");
        }
        SslContext sslContext = secureUri ? sslContext(ssl, sslBundles) : null;
        return builder.transport((sslContext != null) ? transport.secure(sslContext) : transport);
      }
      Integer port = client.getPort();
      if (port == null) {
        throw new IllegalStateException("spring.rsocket.client.transport is tcp, but "
            + "spring.rsocket.client.port is not set; set it to the server's port, or set "
            + "spring.rsocket.client.transport=websocket to connect to spring.rsocket.client.uri");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalStateException("spring.rsocket.client.port is " + port
            + "; use a port from 1 to 65535");
      }
      TcpClientTransport transport = TcpClientTransport.create(client.getHost(), port);
      SslContext sslContext = sslEnabled(ssl) ? sslContext(ssl, sslBundles) : null;
      return builder.transport((sslContext != null) ? transport.secure(sslContext) : transport);
    }

    private static boolean sslEnabled(RSocketProperties.ClientSsl ssl) {
      return (ssl.getEnabled() != null) ? ssl.getEnabled() : ssl.getBundle() != null;
    }

    /** The bundle's client context; null for Reactor Netty's default over wss. */
    private static @Nullable SslContext sslContext(RSocketProperties.ClientSsl ssl,
        ObjectProvider<SslBundles> sslBundles) {
      String bundle = ssl.getBundle();
      if (bundle == null) {
        return NettySslContexts.forClient();
      }
      String hint = "; define it under spring.ssl.bundle.jks." + bundle
          + " or spring.ssl.bundle.pem." + bundle;
      SslBundles bundles = sslBundles.getIfAvailable();
      if (bundles == null) {
        throw new IllegalStateException("spring.rsocket.client.ssl.bundle '" + bundle
            + "' is not defined: there are no SSL bundles" + hint);
      }
      try {
        return NettySslContexts.forClient(bundles.getBundle(bundle));
      } catch (NoSuchSslBundleException ex) {
        throw new IllegalStateException("spring.rsocket.client.ssl.bundle '" + bundle
            + "' is not defined" + hint);
      }
    }

    private static Duration keepAlive(String property, Duration duration) {
      if (duration.toMillis() <= 0 || duration.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalStateException("spring.rsocket.client." + property + " is " + duration
            + "; use 1ms to 2147483647ms");
      }
      return duration;
    }

    private static @Nullable Retry reconnect(
        RSocketProperties.Client client) {
      Duration backoff = client.getReconnectBackoff();
      if (backoff == null) {
        return null;
      }
      if (backoff.isNegative() || backoff.isZero()) {
        throw new IllegalStateException("spring.rsocket.client.reconnect-backoff is " + backoff
            + "; use a positive duration");
      }
      if (client.getReconnectMaxAttempts() < 1) {
        throw new IllegalStateException("spring.rsocket.client.reconnect-max-attempts is "
            + client.getReconnectMaxAttempts() + "; use at least 1");
      }
      return Retry.backoff(client.getReconnectMaxAttempts(), backoff);
    }
  }

  /** {@code spring.rsocket.client.port} or {@code spring.rsocket.client.uri} is set. */
  static class OnClientTargetCondition extends AnyNestedCondition {

    OnClientTargetCondition() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty("spring.rsocket.client.port")
    static class Port {
    }

    @ConditionalOnProperty("spring.rsocket.client.uri")
    static class Uri {
    }
  }
}
