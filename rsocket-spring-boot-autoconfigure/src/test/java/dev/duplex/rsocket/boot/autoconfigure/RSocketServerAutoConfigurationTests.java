package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.boot.context.RSocketListenersBootstrap;
import dev.duplex.rsocket.boot.context.RSocketPortInfoApplicationContextInitializer;
import dev.duplex.rsocket.boot.context.RSocketServerBootstrap;
import dev.duplex.rsocket.boot.context.RSocketServerInitializedEvent;
import dev.duplex.rsocket.boot.server.DuplexRSocketServer;
import dev.duplex.rsocket.boot.server.RSocketServerCustomizer;
import dev.duplex.rsocket.boot.server.RSocketServerFactory;
import dev.duplex.rsocket.messaging.RSocketRequester;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Tests for {@link RSocketServerAutoConfiguration}. */
class RSocketServerAutoConfigurationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class,
          RSocketMessagingAutoConfiguration.class, RSocketServerAutoConfiguration.class))
      .withUserConfiguration(EchoController.class);

  private final ReactiveWebApplicationContextRunner reactiveContextRunner =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class,
              RSocketMessagingAutoConfiguration.class, RSocketServerAutoConfiguration.class))
          .withUserConfiguration(EchoController.class);

  @Test
  void noServerWithoutPort() {
    this.contextRunner.run(context -> assertThat(context)
        .hasNotFailed()
        .hasSingleBean(RSocketProperties.class)
        .doesNotHaveBean(RSocketServerFactory.class)
        .doesNotHaveBean(RSocketServerBootstrap.class));
  }

  @Test
  void noServerWithoutMessageHandler() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class,
            RSocketServerAutoConfiguration.class))
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> assertThat(context)
            .hasNotFailed()
            .doesNotHaveBean(RSocketServerBootstrap.class));
  }

  @Test
  void tcpServerOnRandomPortAnswersAController() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0").run(context -> {
      assertThat(context).hasSingleBean(RSocketServerFactory.class)
          .hasSingleBean(RSocketServerBootstrap.class);
      int port = port(context);
      assertThat(port).isPositive();
      RSocketRequester requester = RSocketRequester.builder().tcp("127.0.0.1", port);
      try {
        assertThat(echo(requester, "Hello")).isEqualTo("Hello");
      } finally {
        requester.dispose();
      }
    });
  }

  @Test
  void serverStopsWithTheContext() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0").run(context -> {
      RSocketServerBootstrap bootstrap = context.getBean(RSocketServerBootstrap.class);
      assertThat(bootstrap.isRunning()).isTrue();
      context.close();
      assertThat(bootstrap.isRunning()).isFalse();
      assertThat(bootstrap.getServer().address()).isNull();
    });
  }

  @Test
  void boundToTheConfiguredAddress() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.address=127.0.0.1")
        .run(context -> {
          InetSocketAddress address =
              context.getBean(RSocketServerBootstrap.class).getServer().address();
          assertThat(address).isNotNull();
          assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        });
  }

  @Test
  void webSocketServerAnswersAController() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.transport=websocket")
        .run(context -> {
          URI uri = URI.create("ws://127.0.0.1:" + port(context) + "/");
          RSocketRequester requester = RSocketRequester.builder().websocket(uri);
          try {
            assertThat(echo(requester, "Hello")).isEqualTo("Hello");
          } finally {
            requester.dispose();
          }
        });
  }

  @Test
  void fragmentSizeReachesTheServer() {
    this.contextRunner.withUserConfiguration(EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.fragment-size=64KB")
        .run(context -> {
          EngineServerCapture capture = context.getBean(EngineServerCapture.class);
          assertThat(capture.server).isNotNull();
          assertThat(capture.server.mtu()).isEqualTo(64 * 1024);
          String large = "x".repeat(1024 * 1024);
          RSocketRequester requester = RSocketRequester.builder().tcp("127.0.0.1", port(context));
          try {
            assertThat(echo(requester, large)).isEqualTo(large);
          } finally {
            requester.dispose();
          }
        });
  }

  @Test
  void engineDefaultsAndOurPropertiesReachTheServer() {
    this.contextRunner.withUserConfiguration(EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> {
          dev.duplex.rsocket.core.RSocketServer server =
              context.getBean(EngineServerCapture.class).server;
          assertThat(server).isNotNull();
          assertThat(server.mtu()).isZero();
          assertThat(server.maxTimeToFirstFrame()).isEqualTo(Duration.ofSeconds(10));
          assertThat(server.maxInboundPayloadSize()).isEqualTo(64 * 1024 * 1024);
        });
    this.contextRunner.withUserConfiguration(EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.max-time-to-first-frame=3s",
            "spring.rsocket.server.max-inbound-payload-size=1MB")
        .run(context -> {
          dev.duplex.rsocket.core.RSocketServer server =
              context.getBean(EngineServerCapture.class).server;
          assertThat(server).isNotNull();
          assertThat(server.maxTimeToFirstFrame()).isEqualTo(Duration.ofSeconds(3));
          assertThat(server.maxInboundPayloadSize()).isEqualTo(1024 * 1024);
        });
  }

  @Test
  void fragmentSizeBelow64BytesFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.fragment-size=60B")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.fragment-size is 60B; use 0 (no fragmentation) or at least 64B");
        });
  }

  @Test
  void fragmentSizeZeroTurnsFragmentationOff() {
    this.contextRunner.withUserConfiguration(EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.port=0", "spring.rsocket.server.fragment-size=0")
        .run(context -> {
          assertThat(context).hasNotFailed();
          dev.duplex.rsocket.core.RSocketServer server =
              context.getBean(EngineServerCapture.class).server;
          assertThat(server).isNotNull();
          assertThat(server.mtu()).isZero();
        });
  }

  @Test
  void portOutOfRangeFailsStartupNamingTheProperty() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=-1").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessage("spring.rsocket.server.port is -1; use 0 (a free port) or 1 to 65535");
    });
  }

  @Test
  void customizersAppliedInOrderAfterTheProperties() {
    this.contextRunner.withUserConfiguration(OrderedCustomizers.class)
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.fragment-size=1KB")
        .run(context -> assertThat(context.getBean(OrderedCustomizers.class).calls)
            .containsExactly("first mtu=1024", "second mtu=1024"));
  }

  @Test
  void eachCustomizerGetsTheServerThePreviousOneReturned() {
    this.contextRunner.withUserConfiguration(FragmentingCustomizer.class, EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> {
          dev.duplex.rsocket.core.RSocketServer server =
              context.getBean(EngineServerCapture.class).server;
          assertThat(server).isNotNull();
          assertThat(server.mtu()).isEqualTo(128);
        });
  }

  @Test
  void localServerPortPublished() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0")
        .withInitializer(new RSocketPortInfoApplicationContextInitializer())
        .run(context -> assertThat(context.getEnvironment()
            .getProperty("local.rsocket.server.port", Integer.class))
            .isEqualTo(port(context)));
  }

  @Test
  void userServerFactoryWins() {
    this.contextRunner.withUserConfiguration(CustomServerFactory.class)
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> {
          assertThat(context).getBeanNames(RSocketServerFactory.class)
              .containsExactly("customServerFactory");
          assertThat(context.getBean(CustomServerFactory.class).started).isTrue();
        });
  }

  @Test
  void routeProviderForWebSocketMappingPathOnAReactiveApp() {
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket")
        .run(context -> {
          assertThat(context).hasSingleBean(RSocketWebSocketNettyRouteProvider.class)
              .doesNotHaveBean(RSocketServerFactory.class)
              .doesNotHaveBean(RSocketServerBootstrap.class);
          RSocketWebSocketNettyRouteProvider provider =
              context.getBean(RSocketWebSocketNettyRouteProvider.class);
          assertThat(provider.mappingPath()).isEqualTo("/rsocket");
          assertThat(provider.maxFramePayloadLength()).isEqualTo(16_777_215);
        });
  }

  @Test
  void noRouteProviderWithoutMappingPathOrWebSocketTransport() {
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.transport=websocket")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RSocketWebSocketNettyRouteProvider.class));
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.mapping-path=/rsocket")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RSocketWebSocketNettyRouteProvider.class));
  }

  @Test
  void noRouteProviderWhenAPortIsSet() {
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket")
        .run(context -> assertThat(context)
            .doesNotHaveBean(RSocketWebSocketNettyRouteProvider.class)
            .hasSingleBean(RSocketServerBootstrap.class));
  }

  @Test
  void noRouteProviderWithoutReactorNetty() {
    this.reactiveContextRunner
        .withClassLoader(new FilteredClassLoader(NettyRouteProvider.class))
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RSocketWebSocketNettyRouteProvider.class));
  }

  @Test
  void routeFollowsFragmentSizeAndCustomizers() {
    this.reactiveContextRunner.withUserConfiguration(EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket",
            "spring.rsocket.server.fragment-size=64KB",
            "spring.rsocket.server.max-time-to-first-frame=3s")
        .run(context -> {
          // the route takes any RSocket frame, so a peer that fragments less still fits
          assertThat(context.getBean(RSocketWebSocketNettyRouteProvider.class)
              .maxFramePayloadLength()).isEqualTo(16_777_215);
          dev.duplex.rsocket.core.RSocketServer server =
              context.getBean(EngineServerCapture.class).server;
          assertThat(server).isNotNull();
          assertThat(server.mtu()).isEqualTo(64 * 1024);
          assertThat(server.maxTimeToFirstFrame()).isEqualTo(Duration.ofSeconds(3));
        });
  }

  @Test
  void mappingPathNotStartingWithSlashFailsStartupNamingTheProperty() {
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=rsocket")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.mapping-path is 'rsocket'; use a path starting with '/'");
        });
  }

  @Test
  void mappingPathOnANonReactiveAppFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.mapping-path is set, but the application is not a reactive "
                  + "web application to add the RSocket route to; remove it, or set "
                  + "spring.rsocket.server.port for a standalone server");
        });
  }

  @Test
  void tcpServerAndWebSocketListenerBothAnswerAController() {
    this.contextRunner
        .withInitializer(new RSocketPortInfoApplicationContextInitializer())
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.listeners[0].transport=websocket",
            "spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].path=/rsocket")
        .run(context -> {
          assertThat(context).hasSingleBean(RSocketServerBootstrap.class)
              .hasSingleBean(RSocketListenersBootstrap.class);
          int tcpPort = port(context);
          int webSocketPort = listenerPort(context, 0);
          assertThat(webSocketPort).isPositive().isNotEqualTo(tcpPort);
          assertThat(context.getEnvironment().getProperty("local.rsocket.server.port",
              Integer.class)).isEqualTo(tcpPort);
          assertThat(context.getEnvironment().getProperty(
              "local.rsocket.server.listeners[0].port", Integer.class)).isEqualTo(webSocketPort);
          RSocketRequester tcp = RSocketRequester.builder().tcp("127.0.0.1", tcpPort);
          RSocketRequester webSocket = RSocketRequester.builder()
              .websocket(URI.create("ws://127.0.0.1:" + webSocketPort + "/rsocket"));
          try {
            assertThat(echo(tcp, "over TCP")).isEqualTo("over TCP");
            assertThat(echo(webSocket, "over WebSocket")).isEqualTo("over WebSocket");
          } finally {
            tcp.dispose();
            webSocket.dispose();
          }
        });
  }

  @Test
  void listenersWithoutTheMainPortAnswerAController() {
    this.contextRunner
        .withInitializer(new RSocketPortInfoApplicationContextInitializer())
        .withPropertyValues("spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].address=127.0.0.1",
            "spring.rsocket.server.listeners[1].transport=websocket",
            "spring.rsocket.server.listeners[1].port=0")
        .run(context -> {
          assertThat(context).hasNotFailed()
              .doesNotHaveBean(RSocketServerFactory.class)
              .doesNotHaveBean(RSocketServerBootstrap.class)
              .hasSingleBean(RSocketListenersBootstrap.class);
          assertThat(context.getEnvironment().getProperty("local.rsocket.server.port")).isNull();
          InetSocketAddress tcpAddress =
              context.getBean(RSocketListenersBootstrap.class).getServers().get(0).address();
          assertThat(tcpAddress).isNotNull();
          assertThat(tcpAddress.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
          int tcpPort = listenerPort(context, 0);
          int webSocketPort = listenerPort(context, 1);
          assertThat(context.getEnvironment().getProperty(
              "local.rsocket.server.listeners[0].port", Integer.class)).isEqualTo(tcpPort);
          assertThat(context.getEnvironment().getProperty(
              "local.rsocket.server.listeners[1].port", Integer.class)).isEqualTo(webSocketPort);
          RSocketRequester tcp = RSocketRequester.builder().tcp("127.0.0.1", tcpPort);
          RSocketRequester webSocket = RSocketRequester.builder()
              .websocket(URI.create("ws://127.0.0.1:" + webSocketPort + "/"));
          try {
            assertThat(echo(tcp, "over TCP")).isEqualTo("over TCP");
            assertThat(echo(webSocket, "over WebSocket")).isEqualTo("over WebSocket");
          } finally {
            tcp.dispose();
            webSocket.dispose();
          }
        });
  }

  @Test
  void noListenersBootstrapWithoutListeners() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RSocketListenersBootstrap.class));
  }

  @Test
  void initializedEventPublishedForEachServer() {
    this.contextRunner.withUserConfiguration(InitializedEvents.class)
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[1].transport=websocket",
            "spring.rsocket.server.listeners[1].port=0")
        .run(context -> {
          List<RSocketServerInitializedEvent> events =
              context.getBean(InitializedEvents.class).events;
          assertThat(events).extracting(RSocketServerInitializedEvent::getServerNamespace)
              .containsExactlyInAnyOrder(null, "listeners[0]", "listeners[1]");
          List<DuplexRSocketServer> servers = new ArrayList<>(
              context.getBean(RSocketListenersBootstrap.class).getServers());
          servers.add(context.getBean(RSocketServerBootstrap.class).getServer());
          assertThat(events).extracting(RSocketServerInitializedEvent::getServer)
              .containsExactlyInAnyOrderElementsOf(servers);
        });
  }

  @Test
  void listenersShareTheSettingsAndCustomizersOfTheMainServer() {
    this.contextRunner.withUserConfiguration(OrderedCustomizers.class)
        .withPropertyValues("spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].transport=websocket",
            "spring.rsocket.server.port=0", "spring.rsocket.server.fragment-size=1KB")
        .run(context -> assertThat(context.getBean(OrderedCustomizers.class).calls)
            .containsExactly("first mtu=1024", "second mtu=1024", "first mtu=1024",
                "second mtu=1024"));
    this.contextRunner.withUserConfiguration(EngineServerCapture.class)
        .withPropertyValues("spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.max-time-to-first-frame=3s",
            "spring.rsocket.server.max-inbound-payload-size=1MB")
        .run(context -> {
          dev.duplex.rsocket.core.RSocketServer server =
              context.getBean(EngineServerCapture.class).server;
          assertThat(server).isNotNull();
          assertThat(server.maxTimeToFirstFrame()).isEqualTo(Duration.ofSeconds(3));
          assertThat(server.maxInboundPayloadSize()).isEqualTo(1024 * 1024);
        });
  }

  @Test
  void listenersStopWithTheContext() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[1].transport=websocket",
            "spring.rsocket.server.listeners[1].port=0")
        .run(context -> {
          RSocketListenersBootstrap listeners = context.getBean(RSocketListenersBootstrap.class);
          RSocketServerBootstrap main = context.getBean(RSocketServerBootstrap.class);
          assertThat(listeners.isRunning()).isTrue();
          assertThat(listeners.getServers()).allSatisfy(
              server -> assertThat(server.address()).isNotNull());
          context.close();
          assertThat(listeners.isRunning()).isFalse();
          assertThat(main.isRunning()).isFalse();
          assertThat(listeners.getServers()).allSatisfy(
              server -> assertThat(server.address()).isNull());
        });
  }

  @Test
  void listenerWithoutPortFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[1].transport=websocket")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.listeners[1].port is not set; use 0 (a free port) or 1 to "
                  + "65535");
        });
  }

  @Test
  void listenerPortOutOfRangeFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.listeners[0].port=65536")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.listeners[0].port is 65536; use 0 (a free port) or 1 to 65535");
        });
  }

  @Test
  void listenerPathNotStartingWithSlashFailsStartupNamingTheProperty() {
    this.contextRunner
        .withPropertyValues("spring.rsocket.server.listeners[0].transport=websocket",
            "spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.listeners[0].path=rsocket")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessage(
              "spring.rsocket.server.listeners[0].path is 'rsocket'; use a path starting with '/'");
        });
  }

  @Test
  void shutdownIsGracefulByDefaultAsSpringBootsServerShutdown() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> assertThat(shutDownGracefully(
            context.getBean(RSocketServerBootstrap.class).getServer()))
            .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IDLE));
  }

  @Test
  void shutdownFollowsServerShutdownWhenNotSet() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0",
            "server.shutdown=immediate")
        .run(context -> assertThat(shutDownGracefully(
            context.getBean(RSocketServerBootstrap.class).getServer()))
            .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IMMEDIATE));
  }

  @Test
  void shutdownPropertyWinsOverServerShutdown() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0",
            "server.shutdown=immediate", "spring.rsocket.server.shutdown=graceful")
        .run(context -> assertThat(shutDownGracefully(
            context.getBean(RSocketServerBootstrap.class).getServer()))
            .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IDLE));
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0",
            "server.shutdown=graceful", "spring.rsocket.server.shutdown=immediate")
        .run(context -> assertThat(shutDownGracefully(
            context.getBean(RSocketServerBootstrap.class).getServer()))
            .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IMMEDIATE));
  }

  @Test
  void listenersShutDownAsTheMainServer() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.listeners[0].port=0",
            "spring.rsocket.server.shutdown=immediate")
        .run(context -> assertThat(shutDownGracefully(
            context.getBean(RSocketListenersBootstrap.class).getServers().get(0)))
            .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IMMEDIATE));
    this.contextRunner.withPropertyValues("spring.rsocket.server.listeners[0].port=0")
        .run(context -> assertThat(shutDownGracefully(
            context.getBean(RSocketListenersBootstrap.class).getServers().get(0)))
            .isEqualTo(DuplexRSocketServer.GracefulShutdownResult.IDLE));
  }

  @Test
  void routeConnectionsShutDownAsTheProperties() {
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket")
        .run(context -> assertThat(
            context.getBean(RSocketWebSocketNettyRouteProvider.class).shutdown())
            .isEqualTo(DuplexRSocketServer.Shutdown.GRACEFUL));
    this.reactiveContextRunner
        .withPropertyValues("spring.rsocket.server.transport=websocket",
            "spring.rsocket.server.mapping-path=/rsocket", "server.shutdown=immediate")
        .run(context -> assertThat(
            context.getBean(RSocketWebSocketNettyRouteProvider.class).shutdown())
            .isEqualTo(DuplexRSocketServer.Shutdown.IMMEDIATE));
  }

  @Test
  void unknownShutdownFailsStartupNamingTheProperty() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0",
            "spring.rsocket.server.shutdown=soft")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .hasStackTraceContaining("spring.rsocket.server.shutdown");
        });
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0",
            "server.shutdown=soft")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasStackTraceContaining("server.shutdown");
        });
  }

  private static DuplexRSocketServer.GracefulShutdownResult shutDownGracefully(
      DuplexRSocketServer server) throws Exception {
    CompletableFuture<DuplexRSocketServer.GracefulShutdownResult> result =
        new CompletableFuture<>();
    server.shutDownGracefully(result::complete);
    return result.get(10, TimeUnit.SECONDS);
  }

  private static int listenerPort(AssertableApplicationContext context, int index) {
    InetSocketAddress address =
        context.getBean(RSocketListenersBootstrap.class).getServers().get(index).address();
    assertThat(address).isNotNull();
    return address.getPort();
  }

  private static int port(AssertableApplicationContext context) {
    InetSocketAddress address = context.getBean(RSocketServerBootstrap.class).getServer().address();
    assertThat(address).isNotNull();
    return address.getPort();
  }

  private static @Nullable String echo(RSocketRequester requester, String data) {
    return requester.route("echo").data(data).retrieveMono(String.class).block(TIMEOUT);
  }

  @Controller
  static class EchoController {

    @MessageMapping("echo")
    Mono<String> echo(String data) {
      return Mono.just(data);
    }
  }

  /** Records the engine server the customizers are given, after the properties. */
  @Configuration(proxyBeanMethods = false)
  static class EngineServerCapture {

    dev.duplex.rsocket.core.@Nullable RSocketServer server;

    @Bean
    RSocketServerCustomizer capturingCustomizer() {
      return server -> {
        this.server = server;
        return server;
      };
    }
  }

  /** Records every {@link RSocketServerInitializedEvent}. */
  @Configuration(proxyBeanMethods = false)
  static class InitializedEvents {

    final List<RSocketServerInitializedEvent> events = new ArrayList<>();

    @Bean
    ApplicationListener<RSocketServerInitializedEvent> initializedEventsListener() {
      return this.events::add;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FragmentingCustomizer {

    @Bean
    @Order(0)
    RSocketServerCustomizer fragmentingCustomizer() {
      return server -> server.fragment(128);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderedCustomizers {

    final List<String> calls = new ArrayList<>();

    @Bean
    @Order(2)
    RSocketServerCustomizer second() {
      return record("second");
    }

    @Bean
    @Order(1)
    RSocketServerCustomizer first() {
      return record("first");
    }

    private RSocketServerCustomizer record(String name) {
      return server -> {
        this.calls.add(name + " mtu=" + server.mtu());
        return server;
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomServerFactory {

    boolean started;

    @Bean
    RSocketServerFactory customServerFactory() {
      return acceptor -> new DuplexRSocketServer() {
        private @Nullable InetSocketAddress address;

        @Override
        public void start() {
          CustomServerFactory.this.started = true;
          this.address = new InetSocketAddress(0);
        }

        @Override
        public void stop() {
          this.address = null;
        }

        @Override
        public Transport transport() {
          return Transport.TCP;
        }

        @Override
        public @Nullable InetSocketAddress address() {
          return this.address;
        }
      };
    }
  }

}
