package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.RSocketStrategies;

/**
 * Callback that customizes the auto-configured {@link RSocketStrategies} before it is built, for
 * example to add codecs or metadata extractors; Spring Boot's {@code RSocketStrategiesCustomizer}
 * for the engine. Beans of this type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface RSocketStrategiesCustomizer {

  /**
   * Customizes the builder of the strategies.
   *
   * @param strategies the builder to customize
   */
  void customize(RSocketStrategies.Builder strategies);
}
