package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.RSocketStrategies;
import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.MessagingAdviceBean;
import org.springframework.validation.Validator;
import org.springframework.web.method.ControllerAdviceBean;

/**
 * Auto-configuration for the {@link RSocketMessageHandler} that serves {@code @MessageMapping}
 * and {@code @ConnectMapping} methods: it uses the {@link RSocketStrategies} bean, the
 * application's {@link Validator} so {@code @Valid} and {@code @Validated} payloads are checked,
 * {@code @ControllerAdvice} beans as messaging advice, and the
 * {@link RSocketMessageHandlerCustomizer} beans in order.
 *
 * <p>The validator is the {@link Validator} bean when it is unique (or primary, or named
 * {@code validator}); among several, as in a WebFlux application, Spring Boot's Bean Validation
 * one, {@code defaultValidator}. Without a validator, payloads are not validated.
 */
@AutoConfiguration(after = RSocketStrategiesAutoConfiguration.class)
@ConditionalOnClass(RSocketMessageHandler.class)
public final class RSocketMessagingAutoConfiguration {

  /** The name of the validator bean of Spring Boot's {@code ValidationAutoConfiguration}. */
  private static final String DEFAULT_VALIDATOR = "defaultValidator";

  @Bean
  @ConditionalOnMissingBean
  RSocketMessageHandler messageHandler(RSocketStrategies rSocketStrategies,
      ObjectProvider<Validator> validator, BeanFactory beanFactory,
      ObjectProvider<RSocketMessageHandlerCustomizer> customizers) {
    RSocketMessageHandler messageHandler = new RSocketMessageHandler();
    messageHandler.setRSocketStrategies(rSocketStrategies);
    Validator chosen = validator.getIfUnique(() -> defaultValidator(beanFactory));
    if (chosen != null) {
      messageHandler.setValidator(chosen);
    }
    customizers.orderedStream().forEach(customizer -> customizer.customize(messageHandler));
    return messageHandler;
  }

  private static @Nullable Validator defaultValidator(BeanFactory beanFactory) {
    return beanFactory.containsBean(DEFAULT_VALIDATOR)
        && beanFactory.isTypeMatch(DEFAULT_VALIDATOR, Validator.class)
        ? beanFactory.getBean(DEFAULT_VALIDATOR, Validator.class) : null;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ControllerAdviceBean.class)
  static class MessagingAdviceConfiguration {

    @Bean
    MessagingAdviceRSocketMessageHandlerCustomizer messagingAdviceRSocketMessageHandlerCustomizer(
        ApplicationContext applicationContext) {
      return new MessagingAdviceRSocketMessageHandlerCustomizer(applicationContext);
    }
  }

  /** Registers every {@code @ControllerAdvice} bean of the context as messaging advice. */
  static final class MessagingAdviceRSocketMessageHandlerCustomizer
      implements RSocketMessageHandlerCustomizer {

    private final ApplicationContext applicationContext;

    MessagingAdviceRSocketMessageHandlerCustomizer(ApplicationContext applicationContext) {
      this.applicationContext = applicationContext;
    }

    @Override
    public void customize(RSocketMessageHandler messageHandler) {
      ControllerAdviceBean.findAnnotatedBeans(this.applicationContext)
          .forEach(adviceBean ->
              messageHandler.registerMessagingAdvice(new ControllerAdviceBeanWrapper(adviceBean)));
    }
  }

  /** Spring's {@link ControllerAdviceBean} seen as a {@link MessagingAdviceBean}. */
  private record ControllerAdviceBeanWrapper(ControllerAdviceBean adviceBean)
      implements MessagingAdviceBean {

    @Override
    public @Nullable Class<?> getBeanType() {
      return this.adviceBean.getBeanType();
    }

    @Override
    public Object resolveBean() {
      return this.adviceBean.resolveBean();
    }

    @Override
    public boolean isApplicableToBeanType(Class<?> beanType) {
      return this.adviceBean.isApplicableToBeanType(beanType);
    }

    @Override
    public int getOrder() {
      return this.adviceBean.getOrder();
    }
  }
}
