package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.actuate.RSocketEndpoint;
import dev.duplex.rsocket.boot.actuate.RSocketServers;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code rsocket} actuator endpoint, which lists the RSocket servers and
 * their live connections; expose it with {@code management.endpoints.web.exposure.include}.
 */
@AutoConfiguration(after = {RSocketServerAutoConfiguration.class,
    RSocketHealthContributorAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnAvailableEndpoint(RSocketEndpoint.class)
@Import(RSocketServersConfiguration.class)
public final class RSocketEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RSocketEndpoint rSocketEndpoint(RSocketServers servers) {
    return new RSocketEndpoint(servers);
  }
}
