package dev.duplex.rsocket.boot.autoconfigure;

import dev.duplex.rsocket.messaging.annotation.support.RSocketMessageHandler;

/**
 * Callback that customizes the auto-configured {@link RSocketMessageHandler} before it is
 * initialized; Spring Boot's {@code RSocketMessageHandlerCustomizer} for the engine. Beans of this
 * type are applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface RSocketMessageHandlerCustomizer {

  /**
   * Customizes the message handler.
   *
   * @param messageHandler the message handler to customize
   */
  void customize(RSocketMessageHandler messageHandler);
}
