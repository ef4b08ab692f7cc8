package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.boot.actuate.RSocketRequesterHealthIndicator;
import dev.duplex.rsocket.boot.actuate.RSocketServerHealthIndicator;
import dev.duplex.rsocket.boot.actuate.RSocketServers;
import dev.duplex.rsocket.messaging.RSocketRequester;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code rsocket} health contributor: one indicator per RSocket server
 * ({@code server}, {@code listeners-<i>}, {@code mapping-path}) and one for the
 * {@code spring.rsocket.client.*} requester ({@code client}). Turned off with
 * {@code management.health.rsocket.enabled=false}.
 */
@AutoConfiguration(after = {RSocketServerAutoConfiguration.class,
    RSocketRequesterAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnEnabledHealthIndicator("rsocket")
@Import(RSocketServersConfiguration.class)
public final class RSocketHealthContributorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "rsocketHealthContributor")
  HealthContributor rsocketHealthContributor(RSocketServers servers,
      ObjectProvider<RSocketRequester> requester) {
    Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
    for (String name : servers.names()) {
      indicators.put(name, new RSocketServerHealthIndicator(servers, name));
    }
    RSocketRequester client = requester.getIfUnique();
    if (client != null) {
      indicators.put("client", new RSocketRequesterHealthIndicator(client));
    }
    return CompositeHealthContributor.fromMap(indicators);
  }
}
