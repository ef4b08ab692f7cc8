package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.RSocketConnectorConfigurer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;

/**
 * Auto-configuration for {@link RSocketRequester.Builder}: a prototype bean, since builders are
 * stateful and one should not be shared by requesters with different settings, with the
 * {@link RSocketStrategies} bean and the {@link RSocketConnectorConfigurer} beans in order.
 */
@AutoConfiguration(after = RSocketStrategiesAutoConfiguration.class)
@ConditionalOnClass(RSocketRequester.class)
public final class RSocketRequesterAutoConfiguration {

  @Bean
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  @ConditionalOnMissingBean
  RSocketRequester.Builder rSocketRequesterBuilder(RSocketStrategies strategies,
      ObjectProvider<RSocketConnectorConfigurer> connectorConfigurers) {
    RSocketRequester.Builder builder = RSocketRequester.builder().rsocketStrategies(strategies);
    connectorConfigurers.orderedStream().forEach(builder::rsocketConnector);
    return builder;
  }
}
