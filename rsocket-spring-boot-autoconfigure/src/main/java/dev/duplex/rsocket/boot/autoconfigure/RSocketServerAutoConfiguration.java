package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.boot.context.RSocketListenersBootstrap;
import dev.duplex.rsocket.boot.context.RSocketServerBootstrap;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.server.DuplexRSocketServerFactory;
import dev.duplex.rsocket.boot.server.RSocketServerConnectionListenerFactory;
import dev.duplex.rsocket.boot.server.RSocketServerCustomizer;
import dev.duplex.rsocket.boot.server.RSocketServerFactory;
import dev.duplex.rsocket.core.ConnectionGroup;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import dev.duplex.rsocket.transport.websocket.WebSocketRouteHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configuration for an RSocket server on the Duplex engine serving the
 * {@link RSocketMessageHandler} bean: a standalone server over TCP or WebSocket when
 * {@code spring.rsocket.server.port} is set (0 for a free port), or else, in a reactive web
 * application with {@code spring.rsocket.server.transport=websocket} and
 * {@code spring.rsocket.server.mapping-path}, a WebSocket route on the WebFlux Reactor Netty
 * server. The server is configured by the other {@code spring.rsocket.server.*} properties and
 * then by the {@link RSocketServerCustomizer} beans in order. Each of
 * {@code spring.rsocket.server.listeners} adds a standalone server with its own transport, port,
 * address and WebSocket path and the same other settings, started by an
 * {@link RSocketListenersBootstrap}, with or without the main server.
 *
 * <p>{@code spring.rsocket.server.ssl.*} (Spring Boot's {@link Ssl}, with bundles from the
 * {@link SslBundles} bean) secures the standalone server and each listener without
 * {@code ssl.*} of its own; the route's TLS is the web server's {@code server.ssl.*}.
 * {@code spring.rsocket.server.spec.*} applies to every WebSocket server: standalone, listener and
 * route.
 */
@AutoConfiguration(after = {
    RSocketStrategiesAutoConfiguration.class, RSocketMessagingAutoConfiguration.class})
@ConditionalOnClass({RSocketServer.class, RSocketMessageHandler.class})
@ConditionalOnBean(RSocketMessageHandler.class)
@EnableConfigurationProperties(RSocketProperties.class)
public final class RSocketServerAutoConfiguration {

  /** The largest MTU the engine accepts: the largest frame a 24-bit length prefix describes. */
  private static final long MAX_MTU = 16_777_215;

  /** The smallest MTU the engine accepts, besides 0. */
  private static final long MIN_MTU = 64;

  /** The smallest WebSocket message the engine accepts: one frame header. */
  private static final long MIN_MESSAGE = 6;

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty("spring.rsocket.server.port")
  static class StandaloneServerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RSocketServerFactory rSocketServerFactory(RSocketProperties properties,
        ObjectProvider<RSocketServerCustomizer> customizers,
        ObjectProvider<SslBundles> sslBundles,
        ObjectProvider<RSocketServerConnectionListenerFactory> listenerFactories,
        Environment environment) {
      RSocketProperties.Server server = properties.getServer();
      DuplexRSocketServerFactory factory =
          serverFactory(server, customizers.orderedStream().toList());
      factory.setShutdown(shutdown(server, environment));
      SslBundles bundles = sslBundles.getIfAvailable();
      factory.setSsl(RSocketServerSsl.checked("spring.rsocket.server.ssl", server.getSsl(),
          bundles));
      factory.setSslBundles(bundles);
      factory.addRSocketServerCustomizers(connectionListeners(listenerFactories,
          RSocketServerConnectionListenerFactory.SERVER));
      PropertyMapper map = PropertyMapper.get();
      map.from(server.getPort()).as(port -> port("spring.rsocket.server.port", port))
          .to(factory::setPort);
      map.from(server.getAddress()).to(factory::setAddress);
      map.from(server.getTransport()).to(factory::setTransport);
      return factory;
    }

    @Bean
    @ConditionalOnMissingBean
    RSocketServerBootstrap rSocketServerBootstrap(RSocketServerFactory rSocketServerFactory,
        RSocketMessageHandler rSocketMessageHandler) {
      return new RSocketServerBootstrap(rSocketServerFactory, rSocketMessageHandler.responder());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(OnListenersCondition.class)
  static class ListenersConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RSocketListenersBootstrap rSocketListenersBootstrap(RSocketProperties properties,
        RSocketMessageHandler rSocketMessageHandler,
        ObjectProvider<RSocketServerCustomizer> customizers,
        ObjectProvider<SslBundles> sslBundles,
        ObjectProvider<RSocketServerConnectionListenerFactory> listenerFactories,
        Environment environment) {
      RSocketProperties.Server server = properties.getServer();
      SslBundles bundles = sslBundles.getIfAvailable();
      List<RSocketServerCustomizer> orderedCustomizers = customizers.orderedStream().toList();
      List<RSocketServerBootstrap> bootstraps = new ArrayList<>();
      List<RSocketProperties.Listener> listeners = server.getListeners();
      for (int i = 0; i < listeners.size(); i++) {
        RSocketProperties.Listener listener = listeners.get(i);
        String namespace = "listeners[" + i + "]";
        String prefix = "spring.rsocket.server." + namespace + ".";
        DuplexRSocketServerFactory factory = serverFactory(server, orderedCustomizers);
        factory.setShutdown(shutdown(server, environment));
        factory.addRSocketServerCustomizers(connectionListeners(listenerFactories,
            RSocketServerConnectionListenerFactory.listener(i)));
        Integer port = listener.getPort();
        if (port == null) {
          throw new IllegalStateException(prefix + "port is not set; use 0 (a free port) or 1 to "
              + "65535");
        }
        factory.setPort(port(prefix + "port", port));
        factory.setAddress(listener.getAddress());
        factory.setTransport(listener.getTransport());
        String path = listener.getPath();
        if (!path.startsWith("/")) {
          throw new IllegalStateException(prefix + "path is '" + path
              + "'; use a path starting with '/'");
        }
        factory.setPath(path);
        factory.setSsl((listener.getSsl() != null)
            ? RSocketServerSsl.checked(prefix + "ssl", listener.getSsl(), bundles)
            : RSocketServerSsl.checked("spring.rsocket.server.ssl", server.getSsl(), bundles));
        factory.setSslBundles(bundles);
        bootstraps.add(new RSocketServerBootstrap(factory, rSocketMessageHandler.responder(),
            namespace));
      }
      return new RSocketListenersBootstrap(bootstraps);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(NettyRouteProvider.class)
  @Conditional(OnRSocketWebServerCondition.class)
  static class WebFluxServerConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RSocketWebSocketNettyRouteProvider rSocketWebSocketRouteProvider(RSocketProperties properties,
        RSocketMessageHandler rSocketMessageHandler,
        ObjectProvider<RSocketServerCustomizer> customizers,
        ObjectProvider<RSocketServerConnectionListenerFactory> listenerFactories,
        Environment environment) {
      RSocketProperties.Server server = properties.getServer();
      String mappingPath = server.getMappingPath();
      Assert.state(mappingPath != null, "'mappingPath' must not be null");
      if (!mappingPath.startsWith("/")) {
        throw new IllegalStateException("spring.rsocket.server.mapping-path is '" + mappingPath
            + "'; use a path starting with '/'");
      }
      if (Ssl.isEnabled(server.getSsl()) && server.getListeners().isEmpty()) {
        throw new IllegalStateException("spring.rsocket.server.ssl is set, but the RSocket route "
            + "on spring.rsocket.server.mapping-path is served by the web server, whose TLS is "
            + "configured with server.ssl.*; move the settings there, or set "
            + "spring.rsocket.server.port for a standalone server");
      }
      RSocketServer rsocketServer = RSocketServer.create(rSocketMessageHandler.responder())
          .maxTimeToFirstFrame(server.getMaxTimeToFirstFrame())
          .maxInboundPayloadSize(maxInboundPayloadSize(server.getMaxInboundPayloadSize()));
      if (server.getFragmentSize() != null) {
        rsocketServer = rsocketServer.fragment(mtu(server.getFragmentSize()));
      }
      for (RSocketServerCustomizer customizer : customizers.orderedStream().toList()) {
        rsocketServer = customizer.apply(rsocketServer);
      }
      rsocketServer = connectionListeners(listenerFactories,
          RSocketServerConnectionListenerFactory.MAPPING_PATH).apply(rsocketServer);
      RSocketProperties.Spec spec = server.getSpec();
      // unless set, any RSocket frame fits a WebSocket message, whatever the MTU of either side
      // (Spring Boot keeps Reactor Netty's 64 KiB default here, so larger frames fail there)
      int maxFramePayloadLength = maxFramePayloadLength(spec.getMaxFramePayloadLength());
      ConnectionGroup connections = rsocketServer.connectionGroup();
      WebSocketRouteHandler handler = WebSocketRouteHandler.create(connections)
              .maxFramePayloadLength(maxFramePayloadLength)
              .protocols(protocols(spec.getProtocols()).toArray(String[]::new))
              .handlePing(spec.isHandlePing())
              .compress(spec.isCompress());
      return new RSocketWebSocketNettyRouteProvider(mappingPath, connections, handler,
          shutdown(server, environment));
    }
  }

  /** Fails startup: a mapping path needs the reactive web server to add the route to. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(OnMappingPathWithoutReactiveWebServerCondition.class)
  static class MappingPathWithoutReactiveWebServerConfiguration {

    MappingPathWithoutReactiveWebServerConfiguration() {
      throw new IllegalStateException("spring.rsocket.server.mapping-path is set, but the "
          + "application is not a reactive web application to add the RSocket route to; remove "
          + "it, or set spring.rsocket.server.port for a standalone server");
    }
  }

  /** At least one {@code spring.rsocket.server.listeners} entry. */
  static class OnListenersCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context,
        AnnotatedTypeMetadata metadata) {
      boolean any = Binder.get(context.getEnvironment())
          .bind("spring.rsocket.server.listeners", Bindable.listOf(RSocketProperties.Listener.class))
          .map(listeners -> !listeners.isEmpty()).orElse(false);
      return any ? ConditionOutcome.match("spring.rsocket.server.listeners is set")
          : ConditionOutcome.noMatch("spring.rsocket.server.listeners is not set");
    }
  }

  /** Reactive web app, no port, WebSocket transport and a mapping path. */
  static class OnRSocketWebServerCondition extends AllNestedConditions {

    OnRSocketWebServerCondition() {
      super(ConfigurationPhase.PARSE_CONFIGURATION);
    }

    @ConditionalOnWebApplication(type = Type.REACTIVE)
    static class IsReactiveWebApplication {
    }

    @ConditionalOnProperty(name = "spring.rsocket.server.port", havingValue = "false",
        matchIfMissing = true)
    static class HasNoPortConfigured {
    }

    @ConditionalOnProperty("spring.rsocket.server.mapping-path")
    static class HasMappingPathConfigured {
    }

    @ConditionalOnProperty(name = "spring.rsocket.server.transport", havingValue = "websocket")
    static class HasWebSocketTransportConfigured {
    }
  }

  /** A mapping path and no port, but not a reactive web app. */
  static class OnMappingPathWithoutReactiveWebServerCondition extends AllNestedConditions {

    OnMappingPathWithoutReactiveWebServerCondition() {
      super(ConfigurationPhase.PARSE_CONFIGURATION);
    }

    @ConditionalOnProperty(name = "spring.rsocket.server.port", havingValue = "false",
        matchIfMissing = true)
    static class HasNoPortConfigured {
    }

    @ConditionalOnProperty("spring.rsocket.server.mapping-path")
    static class HasMappingPathConfigured {
    }

    @Conditional(NotReactiveWebApplication.class)
    static class IsNotReactiveWebApplication {
    }
  }

  static class NotReactiveWebApplication extends NoneNestedConditions {

    NotReactiveWebApplication() {
      super(ConfigurationPhase.PARSE_CONFIGURATION);
    }

    @ConditionalOnWebApplication(type = Type.REACTIVE)
    static class IsReactiveWebApplication {
    }
  }

  /** A factory with the settings the main server and every listener share. */
  private static DuplexRSocketServerFactory serverFactory(RSocketProperties.Server server,
      List<RSocketServerCustomizer> customizers) {
    DuplexRSocketServerFactory factory = new DuplexRSocketServerFactory();
    PropertyMapper map = PropertyMapper.get();
    map.from(server.getFragmentSize()).as(RSocketServerAutoConfiguration::mtu)
        .to(factory::setMtu);
    map.from(server.getMaxTimeToFirstFrame()).to(factory::setMaxTimeToFirstFrame);
    map.from(server.getMaxInboundPayloadSize())
        .as(RSocketServerAutoConfiguration::maxInboundPayloadSize)
        .to(factory::setMaxInboundPayloadSize);
    RSocketProperties.Spec spec = server.getSpec();
    map.from(spec.getMaxFramePayloadLength())
        .as(RSocketServerAutoConfiguration::maxFramePayloadLength)
        .to(factory::setMaxFramePayloadLength);
    factory.setProtocols(protocols(spec.getProtocols()));
    factory.setHandlePing(spec.isHandlePing());
    factory.setCompress(spec.isCompress());
    factory.setRSocketServerCustomizers(customizers);
    return factory;
  }

  /** Adds the listeners of {@code factories} for the server {@code serverName}, if any. */
  private static RSocketServerCustomizer connectionListeners(
      ObjectProvider<RSocketServerConnectionListenerFactory> factories, String serverName) {
    List<ConnectionListener> listeners = factories.orderedStream()
        .map(factory -> factory.createListener(serverName)).toList();
    return rsocketServer -> listeners.isEmpty() ? rsocketServer
        : rsocketServer.listener(ConnectionListener.compose(Stream.concat(
            Stream.of(rsocketServer.listener()), listeners.stream())
            .toArray(ConnectionListener[]::new)));
  }

  /**
   * {@code spring.rsocket.server.shutdown}, else Spring Boot's {@code server.shutdown} (read as a
   * string, as Boot's web server module may be absent), else graceful, Boot's default.
   */
  private static DuplexRSocketServer.Shutdown shutdown(RSocketProperties.Server server,
      Environment environment) {
    DuplexRSocketServer.Shutdown shutdown = server.getShutdown();
    if (shutdown != null) {
      return shutdown;
    }
    return Binder.get(environment).bind("server.shutdown", DuplexRSocketServer.Shutdown.class)
        .orElse(DuplexRSocketServer.Shutdown.GRACEFUL);
  }

  private static int port(String property, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalStateException(property + " is " + port
          + "; use 0 (a free port) or 1 to 65535");
    }
    return port;
  }

  private static int mtu(DataSize fragmentSize) {
    long bytes = fragmentSize.toBytes();
    if (bytes != 0 && bytes < MIN_MTU) {
      throw new IllegalStateException("spring.rsocket.server.fragment-size is " + fragmentSize
          + "; use 0 (no fragmentation) or at least " + MIN_MTU + "B");
    }
    if (bytes > MAX_MTU) {
      throw new IllegalStateException("spring.rsocket.server.fragment-size is " + fragmentSize
          + "; use at most " + MAX_MTU + "B (the largest frame)");
    }
    return (int) bytes;
  }

  private static int maxFramePayloadLength(@Nullable DataSize size) {
    if (size == null) {
      return (int) MAX_MTU;
    }
    long bytes = size.toBytes();
    if (bytes < MIN_MESSAGE || bytes > MAX_MTU) {
      throw new IllegalStateException("spring.rsocket.server.spec.max-frame-payload-length is "
          + size + "; use " + MIN_MESSAGE + "B (a frame header) to " + MAX_MTU
          + "B (the largest frame)");
    }
    return (int) bytes;
  }

  private static List<String> protocols(List<String> protocols) {
    for (String protocol : protocols) {
      if (protocol.isBlank() || !protocol.equals(protocol.strip())) {
        throw new IllegalStateException("spring.rsocket.server.spec.protocols has '" + protocol
            + "'; use sub-protocol names separated by commas, such as rsocket,rsocket.v1");
      }
    }
    return protocols;
  }

  private static int maxInboundPayloadSize(DataSize size) {
    long bytes = size.toBytes();
    if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
      throw new IllegalStateException("spring.rsocket.server.max-inbound-payload-size is " + size
          + "; use 1B to " + Integer.MAX_VALUE + "B");
    }
    return (int) bytes;
  }
}
