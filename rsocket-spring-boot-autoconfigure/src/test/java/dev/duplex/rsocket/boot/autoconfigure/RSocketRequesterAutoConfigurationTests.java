package dev.duplex.rsocket.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.duplex.rsocket.messaging.RSocketConnectorConfigurer;
import dev.duplex.rsocket.messaging.RSocketRequester;
import dev.duplex.rsocket.messaging.RSocketStrategies;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** Tests for {@link RSocketRequesterAutoConfiguration}. */
class RSocketRequesterAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(
          RSocketStrategiesAutoConfiguration.class, RSocketRequesterAutoConfiguration.class));

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
