package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;

import dev.duplex.rsocket.ConnectionSetupPayload;
import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.core.RSocketClient;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.frame.metadata.CompositeMetadata;
import dev.duplex.rsocket.frame.metadata.RoutingMetadata;
import dev.duplex.rsocket.frame.metadata.WellKnownMimeType;
import dev.duplex.rsocket.messaging.RSocketConnectorConfigurer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.ServerTransport;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import dev.duplex.rsocket.transport.websocket.WebSocketServerTransport;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import reactor.core.publisher.Mono;

/** Tests for {@link RSocketRequesterAutoConfiguration}. */
class RSocketRequesterAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          RSocketStrategiesAutoConfiguration.class, RSocketRequesterAutoConfiguration.class));

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What the test server saw in each SETUP, copied out of the borrowed payload. */
  private final List<Setup> setups = new CopyOnWriteArrayList<>();

  private @Nullable BoundServer server;

  @AfterEach
  void stopServer() {
    BoundServer server = this.server;
    if (server != null) {
      server.dispose();
      server.onClose().onErrorComplete().block(TIMEOUT);
    }
  }

  @Test
  void createsBuilder() {
    this.contextRunner.run(context -> assertThat(context)
        .hasSingleBean(RSocketRequester.Builder.class));
  }

  @Test
  void builderIsPrototypeScoped() {
    this.contextRunner.run(context -> {
      RSocketRequester.Builder first = context.getBean(RSocketRequester.Builder.class);
      RSocketRequester.Builder second = context.getBean(RSocketRequester.Builder.class);
      assertThat(first).isNotSameAs(second);
      assertThat(context.getBeanFactory().getBeanDefinition("rSocketRequesterBuilder").getScope())
          .isEqualTo(ConfigurableBeanFactory.SCOPE_PROTOTYPE);
    });
  }

  @Test
  void builderUsesTheStrategiesBean() {
    this.contextRunner.run(context -> {
      RSocketRequester requester = context.getBean(RSocketRequester.Builder.class)
          .tcp("127.0.0.1", 7000);
      try {
        assertThat(requester.strategies()).isSameAs(context.getBean(RSocketStrategies.class));
      } finally {
        requester.dispose();
      }
    });
  }

  @Test
  void backsOffWhenTheApplicationDefinesABuilder() {
    this.contextRunner.withUserConfiguration(CustomRSocketRequesterBuilder.class)
        .run(context -> assertThat(context.getBean(RSocketRequester.Builder.class))
            .isInstanceOf(MyRSocketRequesterBuilder.class));
  }

  @Test
  void appliesConnectorConfigurersInOrder() {
    this.contextRunner.withUserConfiguration(OrderedConfigurers.class).run(context -> {
      // configurers run when the requester is created; it connects only on its first request
      RSocketRequester requester = context.getBean(RSocketRequester.Builder.class)
          .tcp("127.0.0.1", 7000);
      try {
        assertThat(context.getBean(OrderedConfigurers.class).calls)
            .containsExactly("first", "second");
      } finally {
        requester.dispose();
      }
    });
  }

  @Test
  void eachBuilderGetsTheConfigurersOnce() {
    this.contextRunner.withUserConfiguration(OrderedConfigurers.class).run(context -> {
      List<String> calls = context.getBean(OrderedConfigurers.class).calls;
      for (int i = 0; i < 2; i++) {
        context.getBean(RSocketRequester.Builder.class).tcp("127.0.0.1", 7000).dispose();
      }
      assertThat(calls).containsExactly("first", "second", "first", "second");
    });
  }

  @Test
  void noRequesterWithoutPortOrUri() {
    this.contextRunner.withPropertyValues("spring.rsocket.client.host=example.org",
            "spring.rsocket.client.setup-route=connect")
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RSocketRequester.class)
            .hasSingleBean(RSocketRequester.Builder.class));
  }

  @Test
  void requesterFromPortConnectsOnFirstRequestWithTheSetupProperties() {
    int port = startServer(TcpServerTransport.create("127.0.0.1", 0));
    AtomicReference<RSocketRequester> disposed = new AtomicReference<>();
    this.contextRunner.withPropertyValues("spring.rsocket.client.host=127.0.0.1",
            "spring.rsocket.client.port=" + port,
            "spring.rsocket.client.data-mime-type=text/plain",
            "spring.rsocket.client.setup-route=connect.client",
            "spring.rsocket.client.setup-data=hello",
            "spring.rsocket.client.keep-alive-interval=7s",
            "spring.rsocket.client.keep-alive-max-lifetime=70s")
        .run(context -> {
          assertThat(context).hasSingleBean(RSocketRequester.class);
          RSocketRequester requester = context.getBean(RSocketRequester.class);
          disposed.set(requester);
          RSocketClient client = requester.rsocketClient();
          assertThat(client).isNotNull();
          // created at startup, but not connected until a request needs the connection
          assertThat(client.isConnected()).isFalse();
          assertThat(this.setups).isEmpty();

          assertThat(requester.route("echo").data("hi").retrieveMono(String.class)
              .block(TIMEOUT)).isEqualTo("echo hi");
          assertThat(client.isConnected()).isTrue();
          assertThat(this.setups).containsExactly(new Setup("text/plain", "connect.client",
              "hello", Duration.ofSeconds(7), Duration.ofSeconds(70)));

          // the connection is shared by later requests
          assertThat(requester.route("echo").data("again").retrieveMono(String.class)
              .block(TIMEOUT)).isEqualTo("echo again");
          assertThat(this.setups).hasSize(1);
        });
    assertThat(disposed.get().isDisposed()).as("disposed with the context").isTrue();
  }

  @Test
  void requesterKeepAliveDefaultsToTheEngineDefaults() {
    int port = startServer(TcpServerTransport.create("127.0.0.1", 0));
    this.contextRunner.withPropertyValues("spring.rsocket.client.host=127.0.0.1",
            "spring.rsocket.client.port=" + port)
        .run(context -> {
          RSocketRequester requester = context.getBean(RSocketRequester.class);
          assertThat(requester.route("echo").data("hi").retrieveMono(String.class)
              .block(TIMEOUT)).isEqualTo("echo hi");
          assertThat(this.setups).singleElement().satisfies(setup -> {
            assertThat(setup.keepAliveInterval()).isEqualTo(Duration.ofSeconds(20));
            assertThat(setup.keepAliveMaxLifetime()).isEqualTo(Duration.ofSeconds(90));
            assertThat(setup.route()).isNull();
          });
        });
  }

  @Test
  void requesterFromUriConnectsOverWebSocket() {
    int port = startServer(WebSocketServerTransport.create("127.0.0.1", 0));
    AtomicReference<RSocketRequester> disposed = new AtomicReference<>();
    this.contextRunner.withPropertyValues("spring.rsocket.client.transport=websocket",
            "spring.rsocket.client.uri=ws://127.0.0.1:" + port + "/",
            "spring.rsocket.client.data-mime-type=text/plain",
            "spring.rsocket.client.setup-route=connect.ws")
        .run(context -> {
          RSocketRequester requester = context.getBean(RSocketRequester.class);
          disposed.set(requester);
          assertThat(requester.route("echo").data("hi").retrieveMono(String.class)
              .block(TIMEOUT)).isEqualTo("echo hi");
          assertThat(this.setups).singleElement()
              .extracting(Setup::route).isEqualTo("connect.ws");
        });
    assertThat(disposed.get().isDisposed()).isTrue();
  }

  @Test
  void requesterWithReconnectBackoffRetriesFailedConnectionAttempts() {
    // nothing listens on the port of a server that was bound and closed again
    int port = startServer(TcpServerTransport.create("127.0.0.1", 0));
    stopServer();
    this.server = null;
    this.contextRunner.withPropertyValues("spring.rsocket.client.host=127.0.0.1",
            "spring.rsocket.client.port=" + port,
            "spring.rsocket.client.reconnect-backoff=1ms",
            "spring.rsocket.client.reconnect-max-attempts=2")
        .run(context -> {
          RSocketRequester requester = context.getBean(RSocketRequester.class);
          assertThatExceptionOfType(Exception.class)
              .isThrownBy(() -> requester.route("echo").data("hi").retrieveMono(String.class)
                  .block(TIMEOUT))
              .withMessageContaining("Retries exhausted: 2/2");
        });
  }

  @Test
  void backsOffWhenTheApplicationDefinesARequester() {
    this.contextRunner.withUserConfiguration(CustomRSocketRequester.class)
        .withPropertyValues("spring.rsocket.client.port=7000")
        .run(context -> {
          assertThat(context).hasSingleBean(RSocketRequester.class);
          assertThat(context.getBean(RSocketRequester.class))
              .isSameAs(context.getBean(CustomRSocketRequester.class).requester);
        });
  }

  @Test
  void websocketTransportWithoutUriFailsNamingTheProperty() {
    this.contextRunner.withPropertyValues("spring.rsocket.client.transport=websocket",
            "spring.rsocket.client.port=7000")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spring.rsocket.client.uri is not set"));
  }

  @Test
  void tcpTransportWithoutPortFailsNamingTheProperty() {
    this.contextRunner.withPropertyValues("spring.rsocket.client.uri=ws://localhost:8080/rsocket")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("spring.rsocket.client.port is not set"));
  }

  @Test
  void zeroKeepAliveIntervalFailsNamingTheProperty() {
    this.contextRunner.withPropertyValues("spring.rsocket.client.port=7000",
            "spring.rsocket.client.keep-alive-interval=0s")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .rootCause().hasMessageContaining("spring.rsocket.client.keep-alive-interval is PT0S"));
  }

  /**
   * Starts a server that records each SETUP and answers request-response with "echo " and the
   * request's data; returns its port.
   */
  private int startServer(ServerTransport transport) {
    RSocket responder = new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        try {
          return Mono.just(Payload.create("echo " + payload.dataUtf8()));
        } finally {
          payload.release();
        }
      }
    };
    this.server = RSocketServer.create((setup, requester) -> {
      this.setups.add(Setup.of(setup));
      return Mono.just(responder);
    }).bind(transport).block(TIMEOUT);
    return ((InetSocketAddress) this.server.address()).getPort();
  }

  record Setup(String dataMimeType, @Nullable String route, String data,
      Duration keepAliveInterval, Duration keepAliveMaxLifetime) {

    static Setup of(ConnectionSetupPayload setup) {
      ByteBuf metadata = setup.payload().metadata();
      ByteBuf routing = (metadata != null)
          ? CompositeMetadata.findFirst(metadata, WellKnownMimeType.MESSAGE_RSOCKET_ROUTING)
          : null;
      return new Setup(setup.dataMimeType(),
          (routing != null) ? RoutingMetadata.firstTag(routing) : null,
          setup.payload().dataUtf8(), setup.keepAliveInterval(), setup.keepAliveMaxLifetime());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomRSocketRequester {

    final RSocketRequester requester = RSocketRequester.builder().tcp("127.0.0.1", 7000);

    @Bean(destroyMethod = "dispose")
    RSocketRequester myRSocketRequester() {
      return this.requester;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CustomRSocketRequesterBuilder {

    @Bean
    MyRSocketRequesterBuilder myRSocketRequesterBuilder() {
      return mock(MyRSocketRequesterBuilder.class);
    }
  }

  interface MyRSocketRequesterBuilder extends RSocketRequester.Builder {
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderedConfigurers {

    final List<String> calls = new ArrayList<>();

    @Bean
    @Order(2)
    RSocketConnectorConfigurer second() {
      return connector -> {
        this.calls.add("second");
        return connector;
      };
    }

    @Bean
    @Order(1)
    RSocketConnectorConfigurer first() {
      return connector -> {
        this.calls.add("first");
        return connector;
      };
    }
  }
}
