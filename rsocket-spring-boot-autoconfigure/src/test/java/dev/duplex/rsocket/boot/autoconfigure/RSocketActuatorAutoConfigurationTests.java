package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.rsocket.Payload;
import dev.duplex.rsocket.RSocket;
import dev.duplex.rsocket.SocketAcceptor;
import dev.duplex.rsocket.boot.actuate.RSocketConnectionRegistry;
import dev.duplex.rsocket.boot.actuate.RSocketEndpoint;
import dev.duplex.rsocket.boot.server.RSocketServerConnectionListenerFactory;
import dev.duplex.rsocket.core.RSocketServer;
import dev.duplex.rsocket.messaging.RSocketConnectorConfigurer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.micrometer.RSocketConnectionMetrics;
import dev.duplex.rsocket.transport.BoundServer;
import dev.duplex.rsocket.transport.tcp.TcpServerTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The metrics, health and endpoint auto-configurations: when each applies, the properties that
 * turn them off, and the health of the {@code spring.rsocket.client.*} requester before, after
 * and without a connection.
 */
class RSocketActuatorAutoConfigurationTests {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(RSocketStrategiesAutoConfiguration.class,
          RSocketMessagingAutoConfiguration.class, RSocketRequesterAutoConfiguration.class,
          RSocketServerAutoConfiguration.class, RSocketMetricsAutoConfiguration.class,
          RSocketHealthContributorAutoConfiguration.class,
          RSocketEndpointAutoConfiguration.class));

  @Test
  void metricsNeedAMeterRegistry() {
    this.contextRunner.run(context -> assertThat(context)
        .doesNotHaveBean(RSocketConnectorConfigurer.class)
        .getBeans(RSocketServerConnectionListenerFactory.class)
        .allSatisfy((name, factory) -> assertThat(factory)
            .isInstanceOf(RSocketConnectionRegistry.class)));
  }

  @Test
  void metricsRegisterTheMetersOfEachServerAndOfTheRequesters() {
    this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
        .withPropertyValues("spring.rsocket.server.port=0")
        .run(context -> {
          assertThat(context).hasSingleBean(RSocketConnectorConfigurer.class);
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get(RSocketConnectionMetrics.CONNECTIONS)
              .tags("rsocket.side", "server", "rsocket.name", "server").gauge().value()).isZero();
          assertThat(registry.get(RSocketConnectionMetrics.CONNECTIONS)
              .tags("rsocket.side", "client", "rsocket.name", "requester").gauge().value())
              .isZero();
        });
  }

  @Test
  void metricsCanBeTurnedOff() {
    this.contextRunner.withUserConfiguration(MeterRegistryConfiguration.class)
        .withPropertyValues("spring.rsocket.metrics.enabled=false", "spring.rsocket.server.port=0")
        .run(context -> {
          assertThat(context).doesNotHaveBean(RSocketConnectorConfigurer.class);
          assertThat(context.getBean(MeterRegistry.class)
              .find(RSocketConnectionMetrics.CONNECTIONS).gauge()).isNull();
        });
  }

  @Test
  void healthHasAnIndicatorPerServer() {
    this.contextRunner.withPropertyValues("spring.rsocket.server.port=0",
        "spring.rsocket.server.listeners[0].port=0",
        "spring.rsocket.server.listeners[0].transport=websocket").run(context -> {
          CompositeHealthContributor rsocket =
              context.getBean("rsocketHealthContributor", CompositeHealthContributor.class);
          assertThat(rsocket.stream().map(c -> c.name())).containsExactly("server", "listeners-0");
          Health listener = ((HealthIndicator) rsocket.getContributor("listeners-0")).health();
          assertThat(listener.getStatus()).isEqualTo(Status.UP);
          assertThat(listener.getDetails()).containsEntry("transport", "websocket")
              .containsEntry("connections", 0).containsKey("port");
        });
  }

  @Test
  void healthCanBeTurnedOff() {
    this.contextRunner.withPropertyValues("management.health.rsocket.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("rsocketHealthContributor"));
  }

  @Test
  void endpointOnlyWhenExposed() {
    this.contextRunner.run(context -> assertThat(context).doesNotHaveBean(RSocketEndpoint.class));
    this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=rsocket")
        .run(context -> assertThat(context).hasSingleBean(RSocketEndpoint.class));
  }

  @Test
  void clientRequesterHealthIsUnknownThenUpOnceConnected() {
    BoundServer server = RSocketServer.create(SocketAcceptor.with(new RSocket() {
      @Override
      public Mono<Payload> requestResponse(Payload payload) {
        return Mono.just(payload);
      }
    })).bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    try {
      this.contextRunner.withPropertyValues("spring.rsocket.client.host=127.0.0.1",
          "spring.rsocket.client.port=" + ((InetSocketAddress) server.address()).getPort())
          .run(context -> {
            HealthIndicator client = clientHealth(context.getBean("rsocketHealthContributor",
                CompositeHealthContributor.class));
            assertThat(client.health().getStatus()).isEqualTo(Status.UNKNOWN);

            context.getBean(RSocketRequester.class).route("echo").data("hi")
                .retrieveMono(String.class).block(TIMEOUT);

            assertThat(client.health().getStatus()).isEqualTo(Status.UP);
            assertThat(client.health().getDetails()).containsEntry("state", "connected");
          });
    } finally {
      server.dispose();
      server.onClose().block(TIMEOUT);
    }
  }

  @Test
  void clientRequesterHealthIsDownWithTheErrorWhenItCannotConnect() {
    BoundServer closed = RSocketServer.create(SocketAcceptor.with(new RSocket() { }))
        .bind(TcpServerTransport.create("127.0.0.1", 0)).block(TIMEOUT);
    int port = ((InetSocketAddress) closed.address()).getPort();
    closed.dispose();
    closed.onClose().block(TIMEOUT);
    this.contextRunner.withPropertyValues("spring.rsocket.client.host=127.0.0.1",
        "spring.rsocket.client.port=" + port).run(context -> {
          RSocketRequester requester = context.getBean(RSocketRequester.class);
          assertThat(requester.route("echo").data("hi").retrieveMono(String.class)
              .onErrorResume(e -> Mono.just("failed")).block(TIMEOUT)).isEqualTo("failed");

          Health health = clientHealth(context.getBean("rsocketHealthContributor",
              CompositeHealthContributor.class)).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("state", "failing").containsKey("error");
        });
  }

  private static HealthIndicator clientHealth(CompositeHealthContributor rsocket) {
    return (HealthIndicator) rsocket.getContributor("client");
  }

  @Configuration(proxyBeanMethods = false)
  static class MeterRegistryConfiguration {

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }
}
