package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.ConnectionListener;
import dev.duplex.rsocket.boot.server.RSocketServerConnectionListenerFactory;
import dev.duplex.rsocket.messaging.RSocketConnectorConfigurer;
import dev.duplex.rsocket.micrometer.RSocketConnectionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the Micrometer meters of RSocket connections
 * ({@link RSocketConnectionMetrics}): for each server, tagged {@code rsocket.side=server} and
 * {@code rsocket.name} with the server's name, and for every requester the
 * {@link dev.duplex.rsocket.messaging.RSocketRequester.Builder} bean builds, tagged
 * {@code rsocket.side=client} and {@code rsocket.name=requester}. Turned off with
 * {@code spring.rsocket.metrics.enabled=false}.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ConnectionListener.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "spring.rsocket.metrics.enabled", matchIfMissing = true)
public final class RSocketMetricsAutoConfiguration {

  @Bean
  RSocketServerConnectionListenerFactory rSocketServerMetrics(MeterRegistry meterRegistry) {
    return serverName -> new RSocketConnectionMetrics(meterRegistry,
        Tags.of("rsocket.side", "server", "rsocket.name", serverName));
  }

  @Bean
  RSocketConnectorConfigurer rSocketClientMetrics(MeterRegistry meterRegistry) {
    RSocketConnectionMetrics metrics = new RSocketConnectionMetrics(meterRegistry,
        Tags.of("rsocket.side", "client", "rsocket.name", "requester"));
    return connector -> connector.listener(
        ConnectionListener.compose(connector.listener(), metrics));
  }
}
